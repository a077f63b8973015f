using System.Buffers.Binary;
using System.Text;

namespace VmsServices.SimCamera.Rtsp;

/// <summary>An RTSP request (RFC 2326 §6). Header names are case-insensitive.</summary>
public sealed class RtspRequest
{
    public required string Method { get; init; }
    public required string Uri { get; init; }
    public required string Version { get; init; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public byte[] Body { get; init; } = [];

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public string? CSeq => Header("CSeq");
}

public enum RtspParseStatus
{
    /// <summary>Not enough bytes yet.</summary>
    NeedMoreData,
    /// <summary>A complete request was parsed.</summary>
    Request,
    /// <summary>An interleaved binary frame ('$' channel length data) from the client, e.g. RTCP receiver reports.</summary>
    InterleavedFrame,
    /// <summary>A complete message was framed (header block ended) but is not a valid RTSP request: answer 400, keep going.</summary>
    Malformed,
    /// <summary>The input cannot be framed at all (e.g. header block too large): answer 400 and close.</summary>
    Fatal,
}

public readonly record struct RtspParseResult(RtspParseStatus Status, int Consumed, RtspRequest? Request = null, int Channel = -1, string? Error = null, string? CSeq = null);

/// <summary>
/// Incremental parser of what an RTSP client sends on its TCP connection: requests (request line, headers,
/// optional Content-Length body) and interleaved binary frames. Stateless; call <see cref="Parse"/> with the
/// unconsumed bytes and drop <see cref="RtspParseResult.Consumed"/> of them afterwards.
/// </summary>
public static class RtspMessageParser
{
    public const int MaxHeaderBytes = 16 * 1024;
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] KnownVersions = ["RTSP/1.0", "RTSP/1.1"];

    public static RtspParseResult Parse(ReadOnlySpan<byte> buffer)
    {
        // Leading empty lines between messages are tolerated (RFC 2616 §4.1 style robustness).
        var skipped = 0;
        while (skipped < buffer.Length && (buffer[skipped] == '\r' || buffer[skipped] == '\n')) skipped++;
        var data = buffer[skipped..];
        if (data.IsEmpty) return new RtspParseResult(RtspParseStatus.NeedMoreData, skipped);

        if (data[0] == (byte)'$')
        {
            if (data.Length < 4) return new RtspParseResult(RtspParseStatus.NeedMoreData, skipped);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (data.Length < 4 + length) return new RtspParseResult(RtspParseStatus.NeedMoreData, skipped);
            return new RtspParseResult(RtspParseStatus.InterleavedFrame, skipped + 4 + length, Channel: data[1]);
        }

        var headerEnd = FindHeaderEnd(data, out var terminatorLength);
        if (headerEnd < 0)
        {
            if (data.Length > MaxHeaderBytes)
                return new RtspParseResult(RtspParseStatus.Fatal, buffer.Length, Error: "Header block too large");
            return new RtspParseResult(RtspParseStatus.NeedMoreData, skipped);
        }
        if (headerEnd > MaxHeaderBytes)
            return new RtspParseResult(RtspParseStatus.Fatal, buffer.Length, Error: "Header block too large");

        var headerConsumed = skipped + headerEnd + terminatorLength;
        var text = Encoding.Latin1.GetString(data[..headerEnd]);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++) lines[i] = lines[i].TrimEnd('\r');

        string? cseq = null;
        var headers = new List<KeyValuePair<string, string>>();
        string? headerError = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                // obsolete line folding: continuation of the previous header
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
            {
                headerError ??= "Malformed header line";
                continue;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers.Add(new(name, value));
            if (name.Equals("CSeq", StringComparison.OrdinalIgnoreCase)) cseq = value;
        }
        if (cseq is not null && (cseq.Length == 0 || cseq.Length > 10 || !cseq.All(char.IsAsciiDigit)))
        {
            headerError ??= "Invalid CSeq";
            cseq = null;
        }

        var contentLength = 0;
        var lengthHeader = headers.LastOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (lengthHeader is not null)
        {
            if (!int.TryParse(lengthHeader, System.Globalization.NumberStyles.None, null, out contentLength) || contentLength > MaxBodyBytes)
                return new RtspParseResult(RtspParseStatus.Fatal, buffer.Length, Error: "Invalid Content-Length", CSeq: cseq);
        }
        if (data.Length - headerEnd - terminatorLength < contentLength)
            return new RtspParseResult(RtspParseStatus.NeedMoreData, skipped);
        var consumed = headerConsumed + contentLength;

        var requestLine = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length != 3)
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: "Malformed request line", CSeq: cseq);
        var (method, uri, version) = (requestLine[0], requestLine[1], requestLine[2]);
        if (method.Length > 32 || !method.All(c => char.IsAsciiLetterUpper(c) || c == '_'))
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: "Malformed method", CSeq: cseq);
        if (!KnownVersions.Contains(version))
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: "Unsupported RTSP version", CSeq: cseq);
        if (uri != "*" && !System.Uri.TryCreate(uri, UriKind.Absolute, out _))
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: "Invalid request URI", CSeq: cseq);
        if (headerError is not null)
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: headerError, CSeq: cseq);
        if (cseq is null)
            return new RtspParseResult(RtspParseStatus.Malformed, consumed, Error: "Missing CSeq");

        var request = new RtspRequest
        {
            Method = method,
            Uri = uri,
            Version = version,
            Body = data.Slice(headerEnd + terminatorLength, contentLength).ToArray(),
        };
        foreach (var (name, value) in headers) request.Headers[name] = value;
        return new RtspParseResult(RtspParseStatus.Request, consumed, request, CSeq: cseq);
    }

    private static int FindHeaderEnd(ReadOnlySpan<byte> data, out int terminatorLength)
    {
        var limit = Math.Min(data.Length, MaxHeaderBytes + 4);
        for (var i = 0; i < limit; i++)
        {
            if (data[i] != '\n') continue;
            if (i + 1 < data.Length && data[i + 1] == '\n') { terminatorLength = 2; return i; }
            if (i + 2 < data.Length && data[i + 1] == '\r' && data[i + 2] == '\n') { terminatorLength = 3; return i; }
        }
        terminatorLength = 0;
        return -1;
    }

    private static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)) return false;
        return true;
    }
}
