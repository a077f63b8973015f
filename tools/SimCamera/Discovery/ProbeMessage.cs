using System.Xml;
using System.Xml.Linq;
using VmsServices.SimCamera.Onvif;
using VmsServices.SimCamera.Onvif.Soap;

namespace VmsServices.SimCamera.Discovery;

/// <summary>A WS-Discovery Probe (2005/04 §5.2): its MessageID (for RelatesTo), the Types as qualified names and
/// the Scopes with their matching rule.</summary>
internal sealed record ProbeMessage(string MessageId, IReadOnlyList<XName> Types, IReadOnlyList<string> Scopes, string MatchBy)
{
    /// <summary>False for anything that is not a well-formed SOAP 1.2 Probe with a MessageID: such datagrams are ignored.</summary>
    public static bool TryParse(byte[] datagram, int length, out ProbeMessage probe)
    {
        probe = null!;
        XDocument document;
        try
        {
            document = SafeXml.Load(datagram, length, length);
        }
        catch (XmlException)
        {
            return false;
        }
        XNamespace wsa = DiscoveryNamespaces.Addressing, d = DiscoveryNamespaces.Discovery;
        var root = document.Root!;
        if (root.Name != OnvifNamespaces.Soap12 + "Envelope") return false;
        var header = root.Element(OnvifNamespaces.Soap12 + "Header");
        var body = root.Element(OnvifNamespaces.Soap12 + "Body")?.Element(d + "Probe");
        var action = header?.Element(wsa + "Action")?.Value.Trim();
        var messageId = header?.Element(wsa + "MessageID")?.Value.Trim();
        if (body is null || string.IsNullOrEmpty(messageId) || (action is not null && action != DiscoveryNamespaces.ProbeAction)) return false;

        var typesElement = body.Element(d + "Types");
        var types = typesElement is null ? [] : Split(typesElement.Value).Select(qname => Resolve(typesElement, qname)).ToList();
        var scopesElement = body.Element(d + "Scopes");
        var scopes = scopesElement is null ? [] : Split(scopesElement.Value).ToList();
        var matchBy = (string?)scopesElement?.Attribute("MatchBy") ?? DiscoveryNamespaces.MatchByRfc2396;
        probe = new ProbeMessage(messageId, types, scopes, matchBy);
        return true;
    }

    private static string[] Split(string list) => list.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Resolves <c>prefix:local</c> against the namespaces in scope of the Types element (a QName list,
    /// so the prefix is what the probe declared, not necessarily dn: or tds:). An undeclared prefix matches nothing.</summary>
    private static XName Resolve(XElement scope, string qname)
    {
        var colon = qname.IndexOf(':');
        var ns = colon < 0 ? scope.GetDefaultNamespace() : scope.GetNamespaceOfPrefix(qname[..colon]);
        var local = qname[(colon + 1)..];
        try
        {
            return ns is null || local.Length == 0 ? XName.Get("unresolved", "urn:invalid") : ns + XmlConvert.VerifyNCName(local);
        }
        catch (XmlException)
        {
            return XName.Get("unresolved", "urn:invalid");
        }
    }
}
