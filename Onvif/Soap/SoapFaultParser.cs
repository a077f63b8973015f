using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Soap;

/// <summary>
/// Reads a SOAP fault into an exception: SOAP 1.2 Code/Value + nested Subcode/Value +
/// Reason/Text, SOAP 1.1 faultcode + faultstring. Codes are QNames and are reported by local
/// name. An authentication fault (ONVIF ter:NotAuthorized, WS-Security FailedAuthentication)
/// becomes kind Unauthorized.
/// </summary>
internal static class SoapFaultParser
{
    private const int MaxSubcodes = 8;
    private const int MaxReasonLength = 500;
    private static readonly string[] AuthenticationCodes = ["NotAuthorized", "FailedAuthentication"];

    public static OnvifException ToException(XElement fault, bool soap12)
    {
        (string code, List<string> subcodes, string? reason) = soap12 ? ReadSoap12(fault) : ReadSoap11(fault);
        if (soap12 && code == "Unknown")
            (code, subcodes, reason) = MergeSoap11Shape(fault, subcodes, reason); // some devices mix the two
        bool unauthorized = subcodes.Prepend(code).Any(c => AuthenticationCodes.Any(a => c.EndsWith(a, StringComparison.OrdinalIgnoreCase)));
        return OnvifException.FromFault(unauthorized ? OnvifErrorKind.Unauthorized : OnvifErrorKind.Fault, code, subcodes, reason);
    }

    private static (string Code, List<string> Subcodes, string? Reason) ReadSoap12(XElement fault)
    {
        XNamespace soap = OnvifNamespaces.Soap12;
        XElement? code = fault.Element(soap + "Code");
        string value = LocalName(code.Child(soap + "Value"));
        var subcodes = new List<string>();
        for (XElement? sub = code.Child(soap + "Subcode"); sub is not null && subcodes.Count < MaxSubcodes; sub = sub.Element(soap + "Subcode"))
            subcodes.Add(LocalName(sub.Element(soap + "Value")));
        // Reason/Text may come in several languages; the first is as good as any.
        string? reason = fault.Element(soap + "Reason")?.Elements(soap + "Text").FirstOrDefault().TrimmedValue();
        return (value, subcodes, Shorten(reason));
    }

    private static (string Code, List<string> Subcodes, string? Reason) ReadSoap11(XElement fault)
    {
        // SOAP 1.1 faultcode and faultstring are unqualified children of Fault.
        string code = LocalName(fault.Element("faultcode"));
        var subcodes = new List<string>();
        // "Client.Authentication" style dotted codes: the part after the dot is the subcode.
        int dot = code.IndexOf('.');
        if (dot > 0 && dot < code.Length - 1)
        {
            subcodes.Add(code[(dot + 1)..]);
            code = code[..dot];
        }
        return (code, subcodes, Shorten(fault.Element("faultstring").TrimmedValue()));
    }

    private static (string, List<string>, string?) MergeSoap11Shape(XElement fault, List<string> subcodes, string? reason)
    {
        (string code11, List<string> sub11, string? reason11) = ReadSoap11(fault);
        return code11 == "Unknown" ? ("Unknown", subcodes, reason) : (code11, sub11, reason ?? reason11);
    }

    private static string LocalName(XElement? valueElement)
    {
        string? text = valueElement.TrimmedValue();
        if (text is null)
            return "Unknown";
        XName? name = XmlNavigation.ResolveQName(valueElement!, text);
        return name?.LocalName ?? Shorten(text)!;
    }

    private static string? Shorten(string? text) =>
        text is null || text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";
}
