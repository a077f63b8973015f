using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Discovery;

/// <summary>
/// Builds the Probe for ONVIF devices (ONVIF Core §7.3.3: Types dn:NetworkVideoTransmitter), in
/// the WS-Discovery 2005/04 and WS-Addressing 2004/08 namespaces ONVIF devices answer to.
/// </summary>
internal static class WsDiscoveryProbe
{
    private const string DiscoveryTo = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    private const string Anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

    public static string NewMessageId() => "urn:uuid:" + Guid.NewGuid().ToString("D");

    public static byte[] Build(string messageId)
    {
        XNamespace s = OnvifNamespaces.Soap12, a = OnvifNamespaces.Addressing2004, d = OnvifNamespaces.Discovery2005;
        XNamespace dn = OnvifNamespaces.Network;
        var envelope = new XElement(s + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", s.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "a", a.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "d", d.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "dn", dn.NamespaceName),
            new XElement(s + "Header",
                new XElement(a + "Action", new XAttribute(s + "mustUnderstand", "1"), d.NamespaceName + "/Probe"),
                new XElement(a + "MessageID", messageId),
                new XElement(a + "ReplyTo", new XElement(a + "Address", Anonymous)),
                new XElement(a + "To", new XAttribute(s + "mustUnderstand", "1"), DiscoveryTo)),
            new XElement(s + "Body",
                new XElement(d + "Probe", new XElement(d + "Types", "dn:NetworkVideoTransmitter"))));

        return XmlBytes.ToUtf8(envelope);
    }
}
