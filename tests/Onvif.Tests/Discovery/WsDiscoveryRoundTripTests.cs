using System.Net;
using System.Net.Sockets;
using System.Text;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Discovery;

/// <summary>Directed unicast probes over real UDP on 127.0.0.1, against a tiny responder.</summary>
public class WsDiscoveryRoundTripTests
{
    /// <summary>Generous for a loaded machine: the responder answers at once, on loopback.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    [Test]
    public async Task Probe_collects_related_matches_once_each_and_ignores_the_rest()
    {
        await using var responder = new DiscoveryResponder(messageId =>
        [
            Samples.Bytes(Samples.Hikvision, "ProbeMatches"), // answers some other probe
            Encoding.ASCII.GetBytes("\u0001\u00ffnot xml at all"),
            Samples.Bytes(Samples.Axis, "Hello"), // not a ProbeMatches
            DiscoveryResponder.Relating(Samples.Bytes(Samples.Axis, "ProbeMatches"), messageId),
            DiscoveryResponder.Relating(Samples.Bytes(Samples.Axis, "ProbeMatches"), messageId),
            DiscoveryResponder.Relating(Samples.Bytes(Samples.DigestOnly, "ProbeMatches"), messageId.Replace("urn:", "")),
        ]);

        IReadOnlyList<DiscoveredDevice> devices = await new WsDiscoveryClient().ProbeAsync(responder.Endpoint, Wait);

        Assert.That(devices.Select(d => d.EndpointReference), Is.EqualTo(new[]
        {
            "urn:uuid:e9d6b7a3-1c2d-4e5f-8a9b-accc8ef12345",
            "urn:uuid:e9d6b7a3-1c2d-4e5f-8a9b-accc8ef12346",
            "urn:uuid:7d1e2f30-4a5b-6c7d-8e9f-0011aabbccdd",
        }));
        Assert.That(devices[0].Scopes.Name, Is.EqualTo("AXIS P3245-LVE"));
        Assert.That(responder.Probes, Is.Not.Empty);
        Assert.That(responder.Probes.Select(p => p.Descendants().Single(e => e.Name.LocalName == "MessageID").Value).Distinct().Count(),
            Is.EqualTo(1), "a repeated probe keeps its MessageID");
    }

    [Test]
    public async Task Silent_target_gives_an_empty_list_when_the_wait_ends()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        IReadOnlyList<DiscoveredDevice> devices = await new WsDiscoveryClient()
            .ProbeAsync((IPEndPoint)silent.Client.LocalEndPoint!, TimeSpan.FromMilliseconds(200));

        Assert.That(devices, Is.Empty);
    }

    [Test]
    public async Task Caller_cancellation_ends_the_probe_with_OperationCanceledException()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var cts = new CancellationTokenSource();

        Task probe = new WsDiscoveryClient().ProbeAsync((IPEndPoint)silent.Client.LocalEndPoint!, TimeSpan.FromMinutes(5), cts.Token);
        await cts.CancelAsync();

        Assert.That(async () => await probe, Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase("239.255.255.250")]
    [TestCase("255.255.255.255")]
    [TestCase("ff02::c")]
    public void Multicast_or_broadcast_target_is_refused_before_anything_is_sent(string address)
    {
        Assert.ThrowsAsync<ArgumentException>(() =>
            new WsDiscoveryClient().ProbeAsync(new IPEndPoint(IPAddress.Parse(address), 3702), Wait));
    }
}
