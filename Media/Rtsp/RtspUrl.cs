namespace VmsServices.Media.Rtsp;

/// <summary>An rtsp:// URL split into the request URL (without userinfo), endpoint and credentials.</summary>
internal sealed record RtspUrl(string RequestUrl, string Host, int Port, string? UserName, string? Password)
{
    public const int DefaultPort = 554; // RFC 2326 §3.2

    // A record prints every member: this one must never put the password in a message or log.
    public override string ToString() => $"RtspUrl {{ RequestUrl = {RequestUrl}, UserName = {UserName} }}";

    public static RtspUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ||
            !uri.Scheme.Equals("rtsp", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(uri.Host))
            throw new RtspProtocolException($"Not an rtsp:// URL: {Redact(url)}");
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        string requestUrl = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        int port = uri.Port > 0 ? uri.Port : DefaultPort;
        return new RtspUrl(requestUrl, uri.DnsSafeHost, port, user, password);
    }

    /// <summary>The URL with any password removed, for messages and logs.</summary>
    public static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.IndexOf('@');
        int slash = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        if (scheme < 0 || at < 0 || (slash >= 0 && at > slash))
            return url;
        return url[..(scheme + 3)] + "***@" + url[(at + 1)..];
    }
}
