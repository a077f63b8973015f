namespace VmsServices.SimCamera.Discovery;

/// <summary>WS-Discovery as ONVIF uses it (ONVIF Core 7.3): the April 2005 draft with WS-Addressing 2004/08, over SOAP 1.2.</summary>
internal static class DiscoveryNamespaces
{
    public const string Discovery = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    public const string Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    public const string ProbeAction = Discovery + "/Probe";
    public const string ProbeMatchesAction = Discovery + "/ProbeMatches";
    public const string HelloAction = Discovery + "/Hello";
    public const string ByeAction = Discovery + "/Bye";

    /// <summary>wsa:To of Hello and Bye (WS-Discovery 2005/04 §4.1, §4.2).</summary>
    public const string DiscoveryUrn = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    /// <summary>wsa:To of a response sent back to the sender of a request.</summary>
    public const string AnonymousRole = Addressing + "/role/anonymous";

    public const string MatchByRfc2396 = Discovery + "/rfc2396";
    public const string MatchByStrcmp0 = Discovery + "/strcmp0";
}
