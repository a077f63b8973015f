using System.Xml;
using System.Xml.Linq;

namespace VmsServices.SimCamera.Onvif.Soap;

/// <summary>A parsed SOAP 1.2 request: its header (for WS-Security) and the operation element, the first child of
/// the Body (document/literal wrapped, ONVIF Core 5.1.1).</summary>
internal sealed record SoapMessage(XElement? Header, XElement Operation)
{
    /// <summary>Parses a request body, or throws the <see cref="SoapFault"/> ONVIF Core 5.11.2.4 names for it.</summary>
    public static SoapMessage Parse(byte[] body, int length, int maxCharacters)
    {
        XDocument document;
        try
        {
            document = SafeXml.Load(body, length, maxCharacters);
        }
        catch (XmlException ex)
        {
            throw SoapFault.WellFormed("The request is not well-formed XML (DTDs are not accepted): " + ex.Message);
        }
        var root = document.Root!;
        if (root.Name != OnvifNamespaces.Soap12 + "Envelope")
            throw new SoapFault("env:VersionMismatch", root.Name == OnvifNamespaces.Soap11 + "Envelope"
                ? "SOAP 1.1 is not supported; ONVIF uses SOAP 1.2."
                : $"Expected a SOAP 1.2 Envelope, found {root.Name.LocalName}.");
        var operation = root.Element(OnvifNamespaces.Soap12 + "Body")?.Elements().FirstOrDefault()
            ?? throw SoapFault.Sender("The SOAP Body holds no operation element.", "ter:Tag");
        return new SoapMessage(root.Element(OnvifNamespaces.Soap12 + "Header"), operation);
    }
}
