using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace VmsServices.Onvif.Xml;

/// <summary>
/// Tolerant reads over a parsed response: missing or unparsable optional values are null, text is
/// trimmed (devices pad values with newlines and tabs), and names are namespace URI + local name.
/// </summary>
internal static class XmlNavigation
{
    public static XElement? Child(this XElement? element, XName name) => element?.Element(name);

    /// <summary>The first child with the local name in any of the namespaces (SOAP 1.1/1.2, WS-D versions).</summary>
    public static XElement? ChildIn(this XElement? element, string localName, params XNamespace[] namespaces)
    {
        if (element is null)
            return null;
        foreach (XElement child in element.Elements())
        {
            if (child.Name.LocalName == localName && Array.IndexOf(namespaces, child.Name.Namespace) >= 0)
                return child;
        }
        return null;
    }

    /// <summary>The trimmed text of the element, or null when it is missing or blank.</summary>
    public static string? TrimmedValue(this XElement? element)
    {
        if (element is null)
            return null;
        string value = element.Value.Trim();
        return value.Length == 0 ? null : value;
    }

    public static string? ChildText(this XElement? element, XName name) => element.Child(name).TrimmedValue();

    public static string? AttributeText(this XElement? element, XName name)
    {
        string? value = element?.Attribute(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static int? ChildInt(this XElement? element, XName name) =>
        int.TryParse(element.ChildText(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    public static double? ChildDouble(this XElement? element, XName name) =>
        double.TryParse(element.ChildText(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    /// <summary>An absolute URI from the element's text, or null (some devices pad or leave it empty).</summary>
    public static Uri? AbsoluteUri(string? text) =>
        text is not null && Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) ? uri : null;

    /// <summary>
    /// Resolves a QName value ("dn:NetworkVideoTransmitter", "env:Sender") against the namespaces
    /// in scope at the element. A prefix the document never declared yields the bare local name in
    /// no namespace, so a careless device is still understood by local name. Null if not a QName.
    /// </summary>
    public static XName? ResolveQName(XElement scope, string qname)
    {
        int colon = qname.IndexOf(':');
        string prefix = colon < 0 ? "" : qname[..colon];
        string local = colon < 0 ? qname : qname[(colon + 1)..];
        if (!IsNCName(local) || (colon >= 0 && !IsNCName(prefix)))
            return null;
        XNamespace ns = colon < 0 ? scope.GetDefaultNamespace() : scope.GetNamespaceOfPrefix(prefix) ?? XNamespace.None;
        return ns + local;
    }

    private static bool IsNCName(string s)
    {
        if (s.Length == 0 || !XmlConvert.IsStartNCNameChar(s[0]))
            return false;
        foreach (char c in s.AsSpan(1))
        {
            if (!XmlConvert.IsNCNameChar(c))
                return false;
        }
        return true;
    }
}
