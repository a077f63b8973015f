using System.Buffers;
using System.Globalization;
using System.Text;

namespace VmsServices.Media.Rtsp;

/// <summary>Bounds on what the framer accepts and therefore buffers.</summary>
public sealed class RtspFramerLimits
{
    public static RtspFramerLimits Default { get; } = new();

    /// <summary>Maximum size of a response's status line plus headers.</summary>
    public int MaxHeaderBytes { get; init; } = 64 * 1024;
    /// <summary>Maximum Content-Length accepted (SDP bodies are a few KiB).</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>Interleaved frames claiming more than this are treated as garbage (resync).</summary>
    public int MaxInterleavedPayload { get; init; } = 32 * 1024;
}

public enum RtspFrameKind
{
    /// <summary>Nothing complete yet; the buffer was not advanced.</summary>
    NeedMoreData,
    /// <summary>An interleaved binary frame (RFC 2326 §10.12).</summary>
    Interleaved,
    /// <summary>A complete RTSP response.</summary>
    Response,
    /// <summary>Garbage bytes were skipped while resynchronising; call again.</summary>
    Skipped,
}

public enum RtspParseStatus
{
    NeedMoreData,
    Complete,
    Invalid,
}

/// <summary>
/// Splits the byte stream of an RTSP connection carrying RTP over TCP into RTSP responses and
/// interleaved frames (RFC 2326 §10.12: '$', 8-bit channel, 16-bit big-endian length, data).
/// Pure functions over <see cref="ReadOnlySequence{T}"/>: on success the buffer is advanced past
/// what was consumed. Bytes that start neither a frame nor "RTSP/1.0" are skipped up to the next
/// '$' or 'R', so the reader resynchronises after garbage.
/// </summary>
public static class RtspFramer
{
    private static ReadOnlySpan<byte> ResponsePrefix => "RTSP/1.0"u8;
    private static ReadOnlySpan<byte> SyncBytes => "$R"u8;
    private const int MaxStatusLineBytes = 1024;

    /// <summary>
    /// Reads the next unit from <paramref name="buffer"/>. Throws <see cref="RtspProtocolException"/>
    /// only for a well-formed response header announcing a body larger than the limit.
    /// </summary>
    public static RtspFrameKind TryReadNext(
        ref ReadOnlySequence<byte> buffer, RtspFramerLimits limits,
        out int channel, out ReadOnlySequence<byte> payload, out RtspResponse? response)
    {
        channel = -1;
        payload = default;
        response = null;
        if (buffer.IsEmpty)
            return RtspFrameKind.NeedMoreData;

        byte first = buffer.FirstSpan[0];
        if (first == (byte)'$')
        {
            if (buffer.Length < 4)
                return RtspFrameKind.NeedMoreData;
            Span<byte> header = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(header);
            int length = (header[2] << 8) | header[3];
            if (length == 0 || length > limits.MaxInterleavedPayload)
                return SkipOne(ref buffer);
            return TryReadInterleavedFrame(ref buffer, out channel, out payload)
                ? RtspFrameKind.Interleaved
                : RtspFrameKind.NeedMoreData;
        }

        if (first == (byte)'R')
        {
            int n = (int)Math.Min(buffer.Length, ResponsePrefix.Length);
            Span<byte> prefix = stackalloc byte[8];
            buffer.Slice(0, n).CopyTo(prefix);
            if (!prefix[..n].SequenceEqual(ResponsePrefix[..n]))
                return SkipOne(ref buffer);
            if (n < ResponsePrefix.Length)
                return RtspFrameKind.NeedMoreData;
            switch (TryParseResponse(ref buffer, limits, out response))
            {
                case RtspParseStatus.Complete:
                    return RtspFrameKind.Response;
                case RtspParseStatus.NeedMoreData:
                    return RtspFrameKind.NeedMoreData;
                default:
                    return SkipOne(ref buffer);
            }
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(1);
        if (!reader.TryAdvanceToAny(SyncBytes, advancePastDelimiter: false))
            reader.AdvanceToEnd();
        buffer = buffer.Slice(reader.Position);
        return RtspFrameKind.Skipped;
    }

    private static RtspFrameKind SkipOne(ref ReadOnlySequence<byte> buffer)
    {
        buffer = buffer.Slice(1);
        return RtspFrameKind.Skipped;
    }

    /// <summary>
    /// Reads one interleaved frame (RFC 2326 §10.12) at the start of <paramref name="buffer"/>.
    /// Returns false if the buffer does not start with '$' or the frame is incomplete.
    /// The payload aliases the buffer's memory.
    /// </summary>
    public static bool TryReadInterleavedFrame(ref ReadOnlySequence<byte> buffer, out int channel, out ReadOnlySequence<byte> payload)
    {
        channel = -1;
        payload = default;
        if (buffer.Length < 4)
            return false;
        Span<byte> header = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(header);
        if (header[0] != (byte)'$')
            return false;
        int length = (header[2] << 8) | header[3];
        if (buffer.Length < 4 + length)
            return false;
        channel = header[1];
        payload = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>
    /// Parses one response (RFC 2326 §7.1 status line, §12 headers, Content-Length body) at the
    /// start of <paramref name="buffer"/>. Lines may end in CRLF or bare LF; folded header lines
    /// (leading whitespace) continue the previous header. Invalid: not a status line, or no end
    /// of headers within <see cref="RtspFramerLimits.MaxHeaderBytes"/>.
    /// </summary>
    public static RtspParseStatus TryParseResponse(ref ReadOnlySequence<byte> buffer, RtspFramerLimits limits, out RtspResponse? response)
    {
        response = null;
        var reader = new SequenceReader<byte>(buffer);
        var lines = new List<string>();
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                long limit = lines.Count == 0 ? MaxStatusLineBytes : limits.MaxHeaderBytes;
                return buffer.Length > limit ? RtspParseStatus.Invalid : RtspParseStatus.NeedMoreData;
            }
            if (reader.Consumed > limits.MaxHeaderBytes)
                return RtspParseStatus.Invalid;
            // The same bound as while the status line is incomplete, so that the outcome does not
            // depend on how the bytes were split into reads.
            if (lines.Count == 0 && line.Length > MaxStatusLineBytes)
                return RtspParseStatus.Invalid;
            string text = Encoding.UTF8.GetString(line).TrimEnd('\r');
            if (lines.Count == 0 && !TryParseStatusLine(text, out _, out _))
                return RtspParseStatus.Invalid; // reject garbage early, before buffering more
            if (text.Length == 0)
                break;
            lines.Add(text);
        }

        TryParseStatusLine(lines[0], out int status, out string reason);

        var headers = new List<KeyValuePair<string, string>>(lines.Count);
        int contentLength = 0;
        for (int i = 1; i < lines.Count; i++)
        {
            string l = lines[i];
            if ((l[0] == ' ' || l[0] == '\t') && headers.Count > 0)
            {
                KeyValuePair<string, string> last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + l.Trim());
                continue;
            }
            int colon = l.IndexOf(':');
            if (colon <= 0)
                continue; // tolerate junk header lines
            string name = l[..colon].Trim();
            string value = l[(colon + 1)..].Trim();
            headers.Add(new(name, value));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength))
                    return RtspParseStatus.Invalid;
                if (contentLength > limits.MaxBodyBytes)
                    throw new RtspProtocolException($"Response body of {contentLength} bytes exceeds the limit of {limits.MaxBodyBytes}");
            }
        }

        if (reader.Remaining < contentLength)
            return RtspParseStatus.NeedMoreData;
        byte[] body = reader.UnreadSequence.Slice(0, contentLength).ToArray();
        reader.Advance(contentLength);
        response = new RtspResponse(status, reason, headers, body);
        buffer = buffer.Slice(reader.Position);
        return RtspParseStatus.Complete;
    }

    private static bool TryParseStatusLine(string line, out int status, out string reason)
    {
        status = 0;
        reason = "";
        // "RTSP/1.0" SP 3DIGIT SP Reason-Phrase (§7.1)
        if (line.Length < 12 || !line.StartsWith("RTSP/1.0 ", StringComparison.Ordinal))
            return false;
        if (!int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out status) || status < 100)
            return false;
        if (line.Length > 12 && line[12] != ' ')
            return false;
        reason = line.Length > 13 ? line[13..].Trim() : "";
        return true;
    }
}
