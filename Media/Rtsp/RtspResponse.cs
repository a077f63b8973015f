using System.Globalization;

namespace VmsServices.Media.Rtsp;

/// <summary>An RTSP response (RFC 2326 §7): status line, headers (§12, case-insensitive names) and body.</summary>
public sealed class RtspResponse
{
    public RtspResponse(int statusCode, string reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
    }

    public int StatusCode { get; }
    public string ReasonPhrase { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public byte[] Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public bool IsRedirect => StatusCode is 301 or 302 or 303 or 305 or 307;

    /// <summary>The first header with this name, or null.</summary>
    public string? GetHeader(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
            if (h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return h.Value;
        return null;
    }

    /// <summary>All headers with this name, in order (e.g. several WWW-Authenticate challenges).</summary>
    public IEnumerable<string> GetHeaders(string name)
    {
        foreach (KeyValuePair<string, string> h in Headers)
            if (h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
                yield return h.Value;
    }

    /// <summary>The CSeq header (§12.17) or -1.</summary>
    public int CSeq =>
        int.TryParse(GetHeader("CSeq")?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : -1;

    public override string ToString() => $"RTSP/1.0 {StatusCode} {ReasonPhrase}";
}
