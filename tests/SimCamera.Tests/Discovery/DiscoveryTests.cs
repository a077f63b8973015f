using System.Net;
using System.Xml.Linq;
using VmsServices.SimCamera.Tests.Onvif;

namespace VmsServices.SimCamera.Tests.Discovery;

/// <summary>WS-Discovery 2005/04 over UDP on loopback, unicast only.</summary>
public class DiscoveryTests
{
    private static Task<SimulatedCameraServer> StartAsync(IPEndPoint? announceTo = null) =>
        OnvifServer.StartAsync(o =>
        {
            o.DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, 0);
            o.AnnounceTo = announceTo;
        });

    private static string NewMessageId() => $"urn:uuid:{Guid.NewGuid():D}";

    [Test]
    public async Task A_probe_gets_one_ProbeMatches_per_mount_sent_back_to_its_source()
    {
        await using var server = await StartAsync();
        using var client = new UdpPeer();
        var messageId = NewMessageId();
        await client.SendAsync(UdpPeer.Probe(messageId), server.DiscoveryEndpoint!);

        var first = await client.ReceiveAsync();
        var second = await client.ReceiveAsync();
        Assert.That(first.From, Is.EqualTo(server.DiscoveryEndpoint), "replies come from the discovery socket");
        var matches = new[] { first.Message, second.Message };
        Assert.That(matches.Select(m => m.Action()), Is.All.EqualTo("http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"));
        Assert.That(matches.Select(m => m.RelatesTo()), Is.All.EqualTo(messageId));
        Assert.That(matches.Select(m => m.Header().Element(UdpPeer.D + "AppSequence")), Is.All.Not.Null);

        var byAddress = matches.Select(m => m.Target()).ToDictionary(t => t.Address());
        Assert.That(byAddress.Keys, Is.EquivalentTo(new[] { server.GetEndpointReference(1), server.GetEndpointReference(2) }));
        var cam2 = byAddress[server.GetEndpointReference(2)];
        Assert.That(cam2.Child("XAddrs"), Is.EqualTo(server.GetDeviceServiceUrl(2)));
        Assert.That(cam2.Child("Types"), Is.EqualTo("dn:NetworkVideoTransmitter tds:Device"));
        Assert.That(cam2.Child("Scopes")!.Split(' '), Is.EquivalentTo(new[]
        {
            "onvif://www.onvif.org/type/video_encoder", "onvif://www.onvif.org/name/SimCamera%20cam2",
            "onvif://www.onvif.org/hardware/SimCamera", "onvif://www.onvif.org/location/lab",
        }));
        Assert.That(cam2.Child("MetadataVersion"), Is.EqualTo("1"));
    }

    [TestCase("dn:NetworkVideoTransmitter", "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"")]
    [TestCase("tds:Device", "xmlns:tds=\"http://www.onvif.org/ver10/device/wsdl\"")]
    [TestCase("x:NetworkVideoTransmitter y:Device", "xmlns:x=\"http://www.onvif.org/ver10/network/wsdl\" xmlns:y=\"http://www.onvif.org/ver10/device/wsdl\"")]
    public async Task A_probe_for_onvif_device_types_matches_whatever_the_prefixes(string types, string namespaces)
    {
        await using var server = await StartAsync();
        using var client = new UdpPeer();
        var messageId = NewMessageId();
        await client.SendAsync(UdpPeer.Probe(messageId, types, namespaces: namespaces), server.DiscoveryEndpoint!);

        var matches = await client.ReceiveAsync(2);
        Assert.That(matches.Select(m => m.RelatesTo()), Is.All.EqualTo(messageId));
    }

    [TestCase("dn:NetworkVideoDisplay", "", "xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\"")]
    [TestCase("tds:Device", "", "xmlns:tds=\"urn:some-other-namespace\"")]
    [TestCase("undeclared:Device", "", "")]
    [TestCase(null, "<d:Scopes>onvif://www.onvif.org/location/elsewhere</d:Scopes>", "")]
    [TestCase(null, "<d:Scopes MatchBy=\"http://schemas.xmlsoap.org/ws/2005/04/discovery/ldap\">onvif://www.onvif.org/location/lab</d:Scopes>", "")]
    public async Task A_probe_that_does_not_match_gets_no_answer(string? types, string scopes, string namespaces)
    {
        await using var server = await StartAsync();
        using var client = new UdpPeer();
        await client.SendAsync(UdpPeer.Probe(NewMessageId(), types, scopes, namespaces), server.DiscoveryEndpoint!);
        // The responder handles datagrams in order: the first answer must be to the probe that follows.
        var followUp = NewMessageId();
        await client.SendAsync(UdpPeer.Probe(followUp), server.DiscoveryEndpoint!);

        Assert.That((await client.ReceiveAsync()).Message.RelatesTo(), Is.EqualTo(followUp));
    }

    [Test]
    public async Task Scopes_select_the_mount()
    {
        await using var server = await StartAsync();
        using var client = new UdpPeer();
        await client.SendAsync(UdpPeer.Probe(NewMessageId(), scopes: "<d:Scopes>onvif://www.onvif.org/name/SimCamera%20cam2 ONVIF://WWW.ONVIF.ORG/location</d:Scopes>"),
            server.DiscoveryEndpoint!);
        var followUp = NewMessageId();
        await client.SendAsync(UdpPeer.Probe(followUp, scopes: "<d:Scopes MatchBy=\"http://schemas.xmlsoap.org/ws/2005/04/discovery/strcmp0\">onvif://www.onvif.org/hardware/SimCamera</d:Scopes>"),
            server.DiscoveryEndpoint!);

        var answers = await client.ReceiveAsync(3);
        Assert.That(answers[0].Target().Address(), Is.EqualTo(server.GetEndpointReference(2)), "rfc2396 prefix match, case-insensitive authority");
        Assert.That(answers.Skip(1).Select(m => m.RelatesTo()), Is.All.EqualTo(followUp), "strcmp0 on a scope every mount has");
    }

    [Test]
    public async Task Garbage_and_other_messages_are_ignored()
    {
        await using var server = await StartAsync();
        using var client = new UdpPeer();
        await client.SendAsync([0x00, 0xFF, 0x3C, 0x21], server.DiscoveryEndpoint!);
        await client.SendAsync("<not-soap/>", server.DiscoveryEndpoint!);
        await client.SendAsync("""<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>""", server.DiscoveryEndpoint!);
        await client.SendAsync(UdpPeer.Probe(NewMessageId()).Replace("/Probe</a:Action>", "/Resolve</a:Action>"), server.DiscoveryEndpoint!);
        await client.SendAsync(UdpPeer.Probe("").Replace("<a:MessageID></a:MessageID>", ""), server.DiscoveryEndpoint!);
        var followUp = NewMessageId();
        await client.SendAsync(UdpPeer.Probe(followUp), server.DiscoveryEndpoint!);

        Assert.That((await client.ReceiveAsync()).Message.RelatesTo(), Is.EqualTo(followUp));
    }

    [Test]
    public async Task Each_mount_says_Hello_on_start_and_Bye_on_stop()
    {
        using var listener = new UdpPeer();
        var server = await StartAsync(announceTo: listener.Endpoint);
        List<XDocument> hellos;
        try
        {
            hellos = await listener.ReceiveAsync(2);
        }
        finally
        {
            await server.DisposeAsync();
        }
        var byes = await listener.ReceiveAsync(2);

        var mounts = new[] { server.GetEndpointReference(1), server.GetEndpointReference(2) };
        Assert.That(hellos.Select(m => m.Action()), Is.All.EqualTo("http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello"));
        Assert.That(hellos.Select(m => m.Target().Address()), Is.EquivalentTo(mounts));
        Assert.That(hellos.Select(m => m.Target().Child("XAddrs")), Is.EquivalentTo(new[] { server.GetDeviceServiceUrl(1), server.GetDeviceServiceUrl(2) }));
        Assert.That(byes.Select(m => m.Action()), Is.All.EqualTo("http://schemas.xmlsoap.org/ws/2005/04/discovery/Bye"));
        Assert.That(byes.Select(m => m.Target().Address()), Is.EquivalentTo(mounts));
        var numbers = hellos.Concat(byes).Select(m => long.Parse((string)m.Header().Element(UdpPeer.D + "AppSequence")!.Attribute("MessageNumber")!)).ToList();
        Assert.That(numbers, Is.Ordered.Ascending.And.Unique, "AppSequence MessageNumber grows");
    }

    [Test]
    public void Discovery_without_onvif_or_announcements_without_discovery_are_configuration_errors()
    {
        Assert.That(async () => await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0, DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, 0) }),
            Throws.ArgumentException.With.Message.Contains("OnvifPort"));
        Assert.That(async () => await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0, OnvifPort = 0, AnnounceTo = new IPEndPoint(IPAddress.Loopback, 9) }),
            Throws.ArgumentException.With.Message.Contains("DiscoveryEndpoint"));
    }
}
