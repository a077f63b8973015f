using System.Text;
using System.Xml.Linq;
using VmsServices.Onvif.Discovery;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Discovery;

/// <summary>Parsing ProbeMatches, Hello and Bye as the vendors send them, and the Probe we send.</summary>
public class WsDiscoveryParserTests
{
    private static readonly XNamespace Dn = "http://www.onvif.org/ver10/network/wsdl";
    private static readonly XNamespace Tds = "http://www.onvif.org/ver10/device/wsdl";
    private const string ProbeId = "urn:uuid:0a6dc791-2be6-4991-9af1-454778a1917a";

    [Test]
    public void Hikvision_like_probe_match_is_read_whole()
    {
        DiscoveryMessage message = Parse(Samples.Hikvision, "ProbeMatches");

        Assert.That(message.Kind, Is.EqualTo(DiscoveryMessageKind.ProbeMatches));
        Assert.That(MessageIds.Same(message.RelatesTo, ProbeId), Is.True, "uuid: echoed for urn:uuid:");
        DiscoveredDevice device = message.Devices.Single();
        Assert.That(device.EndpointReference, Is.EqualTo("urn:uuid:544f4e46-4c4a-4a4a-8d8b-e0ca3c9f1a2b"));
        Assert.That(device.Types, Is.EqualTo(new[] { Dn + "NetworkVideoTransmitter", Tds + "Device" }));
        Assert.That(device.IsNetworkVideoTransmitter, Is.True);
        Assert.That((device.Scopes.Name, device.Scopes.Hardware, device.Scopes.Location),
            Is.EqualTo(("HIKVISION DS-2DE4A425IW-DE", "DS-2DE4A425IW-DE", "city/hangzhou")));
        Assert.That(device.Scopes.All, Has.Count.EqualTo(7));
        Assert.That(device.XAddrs, Is.EqualTo(new[]
        {
            new Uri("http://192.0.2.64/onvif/device_service"), new Uri("http://[2001:db8::e2ca:3cff:fe9f:1a2b]/onvif/device_service"),
        }));
        Assert.That(device.MetadataVersion, Is.EqualTo(10u));
    }

    [Test]
    public void Axis_like_matches_are_all_read_and_missing_types_and_scopes_are_empty()
    {
        DiscoveryMessage message = Parse(Samples.Axis, "ProbeMatches");

        Assert.That(message.Devices, Has.Count.EqualTo(2));
        Assert.That(message.Devices[0].Types, Is.EqualTo(new[] { Dn + "NetworkVideoTransmitter", Tds + "Device" }), "tdn: prefix resolved");
        Assert.That(message.Devices[0].Scopes.Name, Is.EqualTo("AXIS P3245-LVE"));
        Assert.That(message.Devices[0].Scopes.Location, Is.Null, "an empty location scope");
        Assert.That(message.Devices[1].Types, Is.Empty);
        Assert.That(message.Devices[1].Scopes.All, Is.Empty);
        Assert.That(message.Devices[1].IsNetworkVideoTransmitter, Is.False);
    }

    [Test]
    public void Dahua_like_padding_bad_values_and_a_match_without_address_are_tolerated()
    {
        DiscoveryMessage message = Parse(Samples.Dahua, "ProbeMatches");

        Assert.That(MessageIds.Same(message.RelatesTo, ProbeId), Is.True, "upper case and padding");
        Assert.That(message.Devices.Select(d => d.EndpointReference), Is.EqualTo(new[]
        {
            "urn:uuid:6A1B2C3D-0000-1000-8000-3CEF8C123456", "urn:uuid:6A1B2C3D-0000-1000-8000-3CEF8C123457",
        }));
        DiscoveredDevice first = message.Devices[0], second = message.Devices[1];
        Assert.That((first.Scopes.Name, first.Scopes.Location, first.MetadataVersion), Is.EqualTo(("Dahua", "country/china", (uint?)1)));
        Assert.That(first.XAddrs, Is.EqualTo(new[] { new Uri("http://192.0.2.108/onvif/device_service") }));
        Assert.That(second.XAddrs, Is.EqualTo(new[] { new Uri("http://192.0.2.109/onvif/device_service") }), "'not a uri' dropped");
        Assert.That(second.MetadataVersion, Is.Null, "-1 is no unsigned int");
    }

    [Test]
    public void Ws_discovery_11_with_default_namespaces_is_read()
    {
        DiscoveryMessage message = Parse(Samples.DigestOnly, "ProbeMatches");

        DiscoveredDevice device = message.Devices.Single();
        Assert.That(message.Kind, Is.EqualTo(DiscoveryMessageKind.ProbeMatches));
        Assert.That(device.IsNetworkVideoTransmitter, Is.True);
        Assert.That((device.Scopes.Name, device.Scopes.Location), Is.EqualTo(("PTZ 4K X30", "Warehouse # 2")));
        Assert.That(device.MetadataVersion, Is.EqualTo(uint.MaxValue));
    }

    [TestCaseSource(typeof(Samples), nameof(Samples.Vendors))]
    public void Hello_and_bye_name_the_same_device(string vendor)
    {
        DiscoveryMessage hello = Parse(vendor, "Hello");
        DiscoveryMessage bye = Parse(vendor, "Bye");

        Assert.That((hello.Kind, bye.Kind), Is.EqualTo((DiscoveryMessageKind.Hello, DiscoveryMessageKind.Bye)));
        Assert.That(hello.Devices.Single().EndpointReference, Is.EqualTo(bye.Devices.Single().EndpointReference));
        Assert.That(hello.Devices.Single().IsNetworkVideoTransmitter, Is.True, "also with an undeclared dn: prefix");
        Assert.That(hello.Devices.Single().XAddrs, Is.Not.Empty);
        Assert.That(hello.MessageId, Is.Not.Null);
    }

    [Test]
    public void Axis_like_hello_location_is_url_decoded()
    {
        Assert.That(Parse(Samples.Axis, "Hello").Devices.Single().Scopes.Location, Is.EqualTo("Building 1/Entrance"));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("<a/>")]
    [TestCase("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>")]
    public void Unreadable_datagrams_are_Malformed(string text)
    {
        var error = Assert.Throws<OnvifException>(() => WsDiscoveryParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Malformed));
    }

    [Test]
    public void Probe_asks_for_network_video_transmitters_with_a_new_message_id_each_time()
    {
        string first = WsDiscoveryProbe.NewMessageId(), second = WsDiscoveryProbe.NewMessageId();

        DiscoveryMessage probe = WsDiscoveryParser.Parse(WsDiscoveryProbe.Build(first));
        XElement envelope = XElement.Parse(Encoding.UTF8.GetString(WsDiscoveryProbe.Build(first)));

        Assert.That(first, Does.Match("^urn:uuid:[0-9a-f-]{36}$"));
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That((probe.Kind, probe.MessageId), Is.EqualTo((DiscoveryMessageKind.Probe, first)));
        XElement types = envelope.Descendants(XName.Get("Types", "http://schemas.xmlsoap.org/ws/2005/04/discovery")).Single();
        Assert.That(types.GetNamespaceOfPrefix("dn"), Is.EqualTo(Dn));
        Assert.That(types.Value, Is.EqualTo("dn:NetworkVideoTransmitter"));
        Assert.That(envelope.Descendants().Single(e => e.Name.LocalName == "Action").Value,
            Is.EqualTo("http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"));
    }

    [Test]
    public void Same_device_seen_twice_keeps_the_newer_metadata_and_every_address()
    {
        var older = new DiscoveredDevice("urn:uuid:1", [], OnvifScopes.Empty, [new Uri("http://198.51.100.1/")], 1);
        var newer = older with { XAddrs = [new Uri("http://198.51.100.2/")], MetadataVersion = 2 };

        DiscoveredDevice merged = older.MergeWith(newer);

        Assert.That(merged.MetadataVersion, Is.EqualTo(2u));
        Assert.That(merged.XAddrs, Is.EqualTo(new[] { new Uri("http://198.51.100.1/"), new Uri("http://198.51.100.2/") }));
    }

    private static DiscoveryMessage Parse(string vendor, string name) => WsDiscoveryParser.Parse(Samples.Bytes(vendor, name));
}
