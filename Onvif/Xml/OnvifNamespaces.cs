using System.Xml.Linq;

namespace VmsServices.Onvif.Xml;

/// <summary>
/// The XML namespaces the client speaks. Elements are always matched by namespace URI and local
/// name, never by prefix: devices use env/s/SOAP-ENV/soap, tt/onvif, tds/trt/tr2 as they please.
/// </summary>
internal static class OnvifNamespaces
{
    public static readonly XNamespace Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    public static readonly XNamespace Schema = "http://www.onvif.org/ver10/schema";
    public static readonly XNamespace Device = "http://www.onvif.org/ver10/device/wsdl";
    public static readonly XNamespace Media = "http://www.onvif.org/ver10/media/wsdl";
    public static readonly XNamespace Media2 = "http://www.onvif.org/ver20/media/wsdl";
    public static readonly XNamespace Ptz = "http://www.onvif.org/ver20/ptz/wsdl";
    public static readonly XNamespace Error = "http://www.onvif.org/ver10/error";
    public static readonly XNamespace Network = "http://www.onvif.org/ver10/network/wsdl";

    public static readonly XNamespace WsSecurity =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static readonly XNamespace WsUtility =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>WS-Discovery as ONVIF Core §7.3 uses it (the 2005/04 draft), and the OASIS 1.1 standard.</summary>
    public static readonly XNamespace Discovery2005 = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    public static readonly XNamespace Discovery11 = "http://docs.oasis-open.org/ws-dd/ns/discovery/2009/01";

    /// <summary>WS-Addressing of 2004/08 (what WS-Discovery 2005/04 uses) and the W3C 1.0 one.</summary>
    public static readonly XNamespace Addressing2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static readonly XNamespace Addressing10 = "http://www.w3.org/2005/08/addressing";
}
