using System.Globalization;

namespace VmsServices.Media.Rtsp;

/// <summary>Parsing of the RTSP headers the client acts on (RFC 2326 §12).</summary>
public static class RtspHeaders
{
    /// <summary>Default session timeout when the Session header has none (§12.37: 60 s).</summary>
    public static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>§12.37 Session: session-id [ ";" "timeout" "=" delta-seconds ].</summary>
    public static bool TryParseSession(string? value, out string id, out TimeSpan timeout)
    {
        id = "";
        timeout = DefaultSessionTimeout;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        string[] parts = value.Split(';', StringSplitOptions.TrimEntries);
        id = parts[0];
        foreach (string p in parts.Skip(1))
        {
            int eq = p.IndexOf('=');
            if (eq > 0 && p[..eq].Trim().Equals("timeout", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(p[(eq + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0)
                timeout = TimeSpan.FromSeconds(seconds);
        }
        return id.Length > 0;
    }

    /// <summary>§12.39 Transport: the "interleaved=n[-m]" parameter of the first transport spec.</summary>
    public static bool TryParseInterleaved(string? transport, out int rtpChannel, out int rtcpChannel)
    {
        rtpChannel = rtcpChannel = -1;
        if (transport is null)
            return false;
        foreach (string p in transport.Split(',')[0].Split(';', StringSplitOptions.TrimEntries))
        {
            if (!p.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase))
                continue;
            string[] range = p["interleaved=".Length..].Split('-', StringSplitOptions.TrimEntries);
            if (!byte.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out byte rtp))
                return false;
            rtpChannel = rtp;
            rtcpChannel = range.Length > 1 && byte.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out byte rtcp)
                ? rtcp
                : Math.Min(rtp + 1, 255);
            return true;
        }
        return false;
    }

    /// <summary>§12.23 Public: whether the method list contains <paramref name="method"/>.</summary>
    public static bool ListsMethod(string? publicHeader, string method) =>
        publicHeader is not null &&
        publicHeader.Split(',', StringSplitOptions.TrimEntries).Contains(method, StringComparer.OrdinalIgnoreCase);
}
