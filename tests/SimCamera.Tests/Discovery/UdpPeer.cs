using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using VmsServices.SimCamera.Tests.Onvif;

namespace VmsServices.SimCamera.Tests.Discovery;

/// <summary>A UDP socket on loopback playing the client side of WS-Discovery: sends probes, receives datagrams.</summary>
internal sealed class UdpPeer : IDisposable
{
    public static readonly XNamespace Wsa = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static readonly XNamespace D = "http://schemas.xmlsoap.org/ws/2005/04/discovery";

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint Endpoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>A Probe as ONVIF clients send it; <paramref name="types"/> and <paramref name="scopes"/> go in verbatim.</summary>
    public static string Probe(string messageId, string? types = null, string? scopes = null, string namespaces = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <s:Envelope xmlns:s="{SoapClient.Env}" xmlns:a="{Wsa}" xmlns:d="{D}" {namespaces}>
        <s:Header><a:MessageID>{messageId}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>
        <a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>
        <s:Body><d:Probe>{(types is null ? "" : $"<d:Types>{types}</d:Types>")}{scopes ?? ""}</d:Probe></s:Body></s:Envelope>
        """;

    public Task SendAsync(string text, IPEndPoint to) => SendAsync(Encoding.UTF8.GetBytes(text), to);

    public async Task SendAsync(byte[] datagram, IPEndPoint to) => await _udp.SendAsync(datagram, to);

    /// <summary>The next datagram as XML; fails the test if none comes within 10 s (a hang guard, not a timing check).</summary>
    public async Task<(XDocument Message, IPEndPoint From)> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var received = await _udp.ReceiveAsync(cts.Token);
            return (XDocument.Parse(Encoding.UTF8.GetString(received.Buffer)), received.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no datagram arrived within 10 s");
            throw;
        }
    }

    public async Task<List<XDocument>> ReceiveAsync(int count)
    {
        var messages = new List<XDocument>();
        for (var i = 0; i < count; i++) messages.Add((await ReceiveAsync()).Message);
        return messages;
    }

    public void Dispose() => _udp.Dispose();
}

/// <summary>Reading the parts of a discovery message the tests check.</summary>
internal static class DiscoveryMessage
{
    public static XElement Header(this XDocument message) => message.Root!.Element(SoapClient.Env + "Header")!;
    public static XElement BodyElement(this XDocument message) => message.Root!.Element(SoapClient.Env + "Body")!.Elements().Single();
    public static string Action(this XDocument message) => message.Header().Element(UdpPeer.Wsa + "Action")!.Value;
    public static string? RelatesTo(this XDocument message) => message.Header().Element(UdpPeer.Wsa + "RelatesTo")?.Value;

    /// <summary>The target service described (ProbeMatch, Hello or Bye).</summary>
    public static XElement Target(this XDocument message)
    {
        var body = message.BodyElement();
        return body.Name == UdpPeer.D + "ProbeMatches" ? body.Elements(UdpPeer.D + "ProbeMatch").Single() : body;
    }

    public static string Address(this XElement target) => target.Element(UdpPeer.Wsa + "EndpointReference")!.Element(UdpPeer.Wsa + "Address")!.Value;
    public static string? Child(this XElement target, string name) => target.Element(UdpPeer.D + name)?.Value;
}
