using System.Xml.Linq;

namespace VmsServices.SimCamera.Onvif;

/// <summary>XML namespaces of the SOAP envelope, WS-Security and the ONVIF services served here (ONVIF Core 5.3).</summary>
internal static class OnvifNamespaces
{
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static readonly XNamespace Device = "http://www.onvif.org/ver10/device/wsdl";
    public static readonly XNamespace Media = "http://www.onvif.org/ver10/media/wsdl";
    public static readonly XNamespace Ptz = "http://www.onvif.org/ver20/ptz/wsdl";
    public static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";
    public static readonly XNamespace Error = "http://www.onvif.org/ver10/error";
    public static readonly XNamespace Network = "http://www.onvif.org/ver10/network/wsdl";
    public static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>The prefixes every response envelope declares, so handler templates can use them freely.</summary>
    public static readonly string EnvelopeDeclarations =
        $"xmlns:env=\"{Soap12}\" xmlns:tt=\"{Schema}\" xmlns:tds=\"{Device}\" xmlns:trt=\"{Media}\" xmlns:tptz=\"{Ptz}\" xmlns:ter=\"{Error}\"";
}
