using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Soap;

/// <summary>Writes a SOAP 1.2 request envelope (ONVIF Core §5.1.2 requires SOAP 1.2) as UTF-8 bytes.</summary>
internal static class SoapRequestWriter
{
    public static byte[] Write(XElement bodyContent, UsernameToken? token)
    {
        XNamespace soap = OnvifNamespaces.Soap12;
        var envelope = new XElement(soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", soap.NamespaceName),
            token is null ? null : new XElement(soap + "Header", token.ToSecurityHeader(soap)),
            new XElement(soap + "Body", bodyContent));

        return XmlBytes.ToUtf8(envelope);
    }
}
