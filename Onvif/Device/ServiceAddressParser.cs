using System.Xml.Linq;
using VmsServices.Onvif.Soap;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif.Device;

/// <summary>
/// Finds the media and PTZ service addresses in a GetCapabilities response (ONVIF Core §8.1.2,
/// tt:Capabilities/Media|PTZ/XAddr) or a GetServices response (§8.1.1, tds:Service with
/// Namespace and XAddr). Addresses that are not absolute http(s) URLs count as not offered.
/// </summary>
internal static class ServiceAddressParser
{
    private static readonly XNamespace Tds = OnvifNamespaces.Device;
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    public static OnvifServiceAddresses ParseCapabilities(XElement body)
    {
        XElement response = SoapResponseParser.RequireResponse(body, Tds + "GetCapabilitiesResponse");
        XElement? capabilities = response.Child(Tds + "Capabilities");
        return new OnvifServiceAddresses(
            HttpUri(capabilities.Child(Tt + "Media").ChildText(Tt + "XAddr")),
            null, // Media2 is only announced through GetServices
            HttpUri(capabilities.Child(Tt + "PTZ").ChildText(Tt + "XAddr")));
    }

    public static OnvifServiceAddresses ParseServices(XElement body)
    {
        XElement response = SoapResponseParser.RequireResponse(body, Tds + "GetServicesResponse");
        Uri? media = null, media2 = null, ptz = null;
        foreach (XElement service in response.Elements(Tds + "Service"))
        {
            string? ns = service.ChildText(Tds + "Namespace");
            Uri? address = HttpUri(service.ChildText(Tds + "XAddr"));
            if (ns == OnvifNamespaces.Media.NamespaceName)
                media ??= address;
            else if (ns == OnvifNamespaces.Media2.NamespaceName)
                media2 ??= address;
            else if (ns == OnvifNamespaces.Ptz.NamespaceName)
                ptz ??= address;
        }
        return new OnvifServiceAddresses(media, media2, ptz);
    }

    /// <summary>
    /// Moves service addresses that name another host onto the device URL's scheme, host and port
    /// (devices behind NAT, or with several interfaces, report the address of their own LAN side).
    /// </summary>
    public static OnvifServiceAddresses MoveToDeviceHost(OnvifServiceAddresses addresses, Uri deviceUrl) =>
        new(MoveToDeviceHost(addresses.Media, deviceUrl), MoveToDeviceHost(addresses.Media2, deviceUrl),
            MoveToDeviceHost(addresses.Ptz, deviceUrl));

    internal static Uri? MoveToDeviceHost(Uri? address, Uri deviceUrl)
    {
        if (address is null || string.Equals(address.Host, deviceUrl.Host, StringComparison.OrdinalIgnoreCase))
            return address;
        return new UriBuilder(address) { Scheme = deviceUrl.Scheme, Host = deviceUrl.Host, Port = deviceUrl.Port }.Uri;
    }

    private static Uri? HttpUri(string? text)
    {
        // Several devices list more than one address separated by spaces; the first is used.
        string? first = text?.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        Uri? uri = XmlNavigation.AbsoluteUri(first);
        return uri is not null && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }
}
