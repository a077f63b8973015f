namespace VmsServices.SimCamera.Rtsp;

/// <summary>The parts of an RTSP Transport header (RFC 2326 §12.39) this server cares about.</summary>
public static class TransportHeader
{
    /// <summary>
    /// Picks the first transport specification that is RTP over the RTSP connection (RTP/AVP/TCP, interleaved).
    /// Returns false when the client only offers UDP/multicast (answer 461 Unsupported Transport).
    /// </summary>
    public static bool TrySelectInterleaved(string? header, out int rtpChannel, out int rtcpChannel)
    {
        rtpChannel = 0;
        rtcpChannel = 1;
        if (string.IsNullOrWhiteSpace(header)) return false;
        foreach (var spec in header.Split(','))
        {
            var parts = spec.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (!parts[0].Equals("RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase)) continue;
            if (parts.Any(p => p.Equals("multicast", StringComparison.OrdinalIgnoreCase))) continue;
            var interleaved = parts.FirstOrDefault(p => p.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase));
            if (interleaved is null) return true; // server chooses 0-1
            var range = interleaved["interleaved=".Length..].Split('-');
            if (!int.TryParse(range[0], out var first) || first < 0 || first > 254) continue;
            var second = first + 1;
            if (range.Length > 1 && (!int.TryParse(range[1], out second) || second < 0 || second > 255)) continue;
            rtpChannel = first;
            rtcpChannel = second;
            return true;
        }
        return false;
    }
}
