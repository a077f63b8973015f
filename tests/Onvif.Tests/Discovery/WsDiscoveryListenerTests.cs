using System.Net;
using System.Net.Sockets;
using System.Text;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Discovery;

/// <summary>Hello and Bye received on a loopback unicast endpoint (tests never join a multicast group).</summary>
public class WsDiscoveryListenerTests
{
    [Test]
    public async Task Hello_and_bye_are_received_and_everything_else_skipped()
    {
        using var listener = new WsDiscoveryListener(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        byte[][] datagrams =
        [
            Encoding.UTF8.GetBytes("<<<"),
            Samples.Bytes(Samples.Hikvision, "ProbeMatches"),
            Samples.Bytes(Samples.Axis, "Hello"),
            Samples.Bytes(Samples.Dahua, "Bye"),
        ];
        foreach (byte[] datagram in datagrams)
            await sender.SendAsync(datagram, listener.LocalEndpoint, timeout.Token);

        DiscoveryAnnouncement hello = await listener.ReceiveAsync(timeout.Token);
        DiscoveryAnnouncement bye = await listener.ReceiveAsync(timeout.Token);

        Assert.That(hello.Kind, Is.EqualTo(DiscoveryAnnouncementKind.Hello));
        Assert.That(hello.Device.Scopes.Name, Is.EqualTo("AXIS P3245-LVE"));
        Assert.That(hello.Sender, Is.EqualTo(sender.Client.LocalEndPoint));
        Assert.That(bye.Kind, Is.EqualTo(DiscoveryAnnouncementKind.Bye));
        Assert.That(bye.Device.EndpointReference, Is.EqualTo("urn:uuid:6A1B2C3D-0000-1000-8000-3CEF8C123456"));
    }

    [Test]
    public void Receiving_stops_when_cancelled()
    {
        using var listener = new WsDiscoveryListener(new IPEndPoint(IPAddress.Loopback, 0));
        using var cts = new CancellationTokenSource();

        Task<DiscoveryAnnouncement> receive = listener.ReceiveAsync(cts.Token);
        cts.Cancel();

        Assert.That(async () => await receive, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Non_multicast_group_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WsDiscoveryListener(new IPEndPoint(IPAddress.Loopback, 0), IPAddress.Loopback));
    }

    [Test]
    public void Endpoint_in_use_is_Unreachable()
    {
        using var first = new WsDiscoveryListener(new IPEndPoint(IPAddress.Loopback, 0));

        var error = Assert.Throws<OnvifException>(() => new WsDiscoveryListener(first.LocalEndpoint));

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unreachable));
    }
}
