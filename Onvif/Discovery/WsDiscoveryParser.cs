using System.Globalization;
using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Discovery;

/// <summary>
/// Parses WS-Discovery datagrams (ProbeMatches, Hello, Bye; ONVIF Core §7.3) in the 2005/04 draft
/// namespace ONVIF uses and in the OASIS 1.1 one, with WS-Addressing 2004/08 or 1.0, in SOAP 1.2
/// or 1.1 envelopes. A pure function over bytes; anything it cannot read is an OnvifException
/// of kind Malformed, which receivers ignore. A match without an endpoint reference is dropped.
/// </summary>
internal static class WsDiscoveryParser
{
    /// <summary>The largest UDP payload; SOAP-over-UDP messages are far smaller.</summary>
    public const int MaxMessageBytes = 65_535;

    /// <summary>Caps per list (Types, Scopes, XAddrs) and matches per message, against padded datagrams.</summary>
    private const int MaxItems = 256;

    private static readonly XNamespace[] DiscoveryNamespaces = [OnvifNamespaces.Discovery2005, OnvifNamespaces.Discovery11];
    private static readonly XNamespace[] AddressingNamespaces = [OnvifNamespaces.Addressing2004, OnvifNamespaces.Addressing10];

    public static DiscoveryMessage Parse(ReadOnlyMemory<byte> datagram)
    {
        XElement root = SafeXml.LoadRoot(datagram, MaxMessageBytes, "discovery message");
        XElement envelope = root.Name.LocalName == "Envelope"
            && (root.Name.Namespace == OnvifNamespaces.Soap12 || root.Name.Namespace == OnvifNamespaces.Soap11)
            ? root
            : throw OnvifException.Malformed("the discovery message is not a SOAP envelope");
        XNamespace soap = envelope.Name.Namespace;
        XElement? header = envelope.Element(soap + "Header");
        XElement body = envelope.Element(soap + "Body") ?? throw OnvifException.Malformed("the discovery message has no Body");
        XElement content = body.Elements().FirstOrDefault() ?? throw OnvifException.Malformed("the discovery message has an empty Body");

        string? messageId = header.ChildIn("MessageID", AddressingNamespaces).TrimmedValue();
        string? relatesTo = header.ChildIn("RelatesTo", AddressingNamespaces).TrimmedValue();
        XNamespace d = content.Name.Namespace;
        if (Array.IndexOf(DiscoveryNamespaces, d) < 0)
            return new DiscoveryMessage(DiscoveryMessageKind.Other, messageId, relatesTo, []);

        (DiscoveryMessageKind kind, IEnumerable<XElement> described) = content.Name.LocalName switch
        {
            "ProbeMatches" => (DiscoveryMessageKind.ProbeMatches, content.Elements(d + "ProbeMatch")),
            "Hello" => (DiscoveryMessageKind.Hello, [content]),
            "Bye" => (DiscoveryMessageKind.Bye, [content]),
            "Probe" => (DiscoveryMessageKind.Probe, []),
            _ => (DiscoveryMessageKind.Other, Enumerable.Empty<XElement>()),
        };
        List<DiscoveredDevice> devices = described.Take(MaxItems).Select(e => ReadDevice(e, d)).OfType<DiscoveredDevice>().ToList();
        return new DiscoveryMessage(kind, messageId, relatesTo, devices);
    }

    private static DiscoveredDevice? ReadDevice(XElement element, XNamespace d)
    {
        string? address = element.ChildIn("EndpointReference", AddressingNamespaces).ChildIn("Address", AddressingNamespaces).TrimmedValue();
        if (address is null)
            return null;
        XElement? types = element.Element(d + "Types");
        return new DiscoveredDevice(
            address,
            SplitList(types).Select(q => XmlNavigation.ResolveQName(types!, q)).OfType<XName>().ToList(),
            OnvifScopes.Parse(SplitList(element.Element(d + "Scopes")).ToList()),
            SplitList(element.Element(d + "XAddrs")).Select(XmlNavigation.AbsoluteUri).OfType<Uri>().ToList(),
            uint.TryParse(element.Element(d + "MetadataVersion").TrimmedValue(), NumberStyles.None, CultureInfo.InvariantCulture, out uint v) ? v : null);
    }

    /// <summary>A whitespace-separated list (xs:list of QName or URI); devices pad with newlines and tabs.</summary>
    private static IEnumerable<string> SplitList(XElement? element) =>
        element is null ? [] : element.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(MaxItems);
}
