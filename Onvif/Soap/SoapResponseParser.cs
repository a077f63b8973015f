using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Soap;

/// <summary>
/// Turns the bytes of a SOAP response into its Body, or throws the fault it carries. A pure
/// function over bytes (no I/O), so it can be fuzzed. Accepts SOAP 1.2 and SOAP 1.1 envelopes
/// with any prefixes, since devices answer faults in either version.
/// </summary>
internal static class SoapResponseParser
{
    /// <summary>The Body element of the envelope; throws OnvifException (Fault, Unauthorized or Malformed).</summary>
    public static XElement ParseBody(ReadOnlyMemory<byte> data, int maxBytes)
    {
        XElement root = SafeXml.LoadRoot(data, maxBytes, "SOAP response");
        if (root.Name != OnvifNamespaces.Soap12 + "Envelope" && root.Name != OnvifNamespaces.Soap11 + "Envelope")
            throw OnvifException.Malformed($"the response is not a SOAP envelope (its root is {Describe(root.Name)})");
        XNamespace soap = root.Name.Namespace;
        XElement body = root.Element(soap + "Body")
            ?? throw OnvifException.Malformed("the SOAP envelope has no Body");
        XElement? fault = body.Element(soap + "Fault");
        if (fault is not null)
            throw SoapFaultParser.ToException(fault, soap == OnvifNamespaces.Soap12);
        return body;
    }

    /// <summary>The response element an operation expects in the Body, or Malformed naming what came instead.</summary>
    public static XElement RequireResponse(XElement body, XName expected)
    {
        XElement? response = body.Element(expected);
        if (response is not null)
            return response;
        XElement? other = body.Elements().FirstOrDefault();
        throw OnvifException.Malformed(other is null
            ? $"the SOAP Body is empty, {Describe(expected)} was expected"
            : $"the SOAP Body holds {Describe(other.Name)}, {Describe(expected)} was expected");
    }

    internal static string Describe(XName name) =>
        name.Namespace == XNamespace.None ? name.LocalName : $"{name.LocalName} ({name.NamespaceName})";
}
