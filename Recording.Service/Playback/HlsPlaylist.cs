using System.Globalization;
using System.Text;

namespace VmsServices.Recording.Playback;

/// <summary>
/// A media playlist of a plan (RFC 8216, version 7, fragmented MP4 media segments §3.3): one
/// media segment per piece, served by this (current) recording server's segment endpoint, which
/// proxies peers' pieces (seed 000 FIG. 5, 508), so a player talks to one server only.
/// </summary>
public static class HlsPlaylist
{
    public const string ContentType = "application/vnd.apple.mpegurl"; // RFC 8216 §4

    /// <param name="ended">The range is in the past: the playlist is complete (EXT-X-ENDLIST, PLAYLIST-TYPE VOD).</param>
    public static string Write(string deviceId, string dataType, IReadOnlyList<PlannedPiece> plan, bool ended)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.Append("#EXTM3U\n");
        b.Append("#EXT-X-VERSION:7\n"); // §4.3.1.2; EXT-X-MAP in a non-I-frame playlist needs 6 or more (§7)
        // §4.3.3.1: every EXTINF rounded to the nearest integer must be <= the target duration.
        var target = plan.Count == 0 ? 1 : plan.Max(p => (long)Math.Round(Seconds(p), MidpointRounding.AwayFromZero));
        b.Append(inv, $"#EXT-X-TARGETDURATION:{Math.Max(1, target)}\n");
        b.Append("#EXT-X-MEDIA-SEQUENCE:0\n");                  // §4.3.3.2
        b.Append(ended ? "#EXT-X-PLAYLIST-TYPE:VOD\n" : "#EXT-X-PLAYLIST-TYPE:EVENT\n"); // §4.3.3.5
        b.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");              // §4.3.5.1: every piece begins with a key frame
        var segments = $"/api/devices/{Uri.EscapeDataString(deviceId)}/segments";
        var type = Uri.EscapeDataString(dataType);
        PlannedPiece? previous = null;
        foreach (var piece in plan)
        {
            var first = previous is null;
            var discontinuous = PlaybackPlanner.IsDiscontinuity(previous, piece);
            if (discontinuous) b.Append("#EXT-X-DISCONTINUITY\n"); // §4.3.2.3
            // §4.3.2.5: the init segment of this piece's recording; repeated where the recording may change.
            if (first || discontinuous) b.Append(inv, $"#EXT-X-MAP:URI=\"{segments}/{piece.StartUtcMicros}?dataType={type}&part=init\"\n");
            b.Append(inv, $"#EXT-X-PROGRAM-DATE-TIME:{DateTimeOffset.UnixEpoch.AddTicks(piece.StartUtcMicros * 10):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n"); // §4.3.2.6
            b.Append(inv, $"#EXTINF:{Seconds(piece):0.000},\n");   // §4.3.2.1
            b.Append(inv, $"{segments}/{piece.StartUtcMicros}?dataType={type}&part=fragment");
            if (piece.CutUtcMicros is { } cut) b.Append(inv, $"&endUtcMicros={cut}");
            b.Append('\n');
            previous = piece;
        }
        if (ended) b.Append("#EXT-X-ENDLIST\n"); // §4.3.3.4
        return b.ToString();
    }

    private static double Seconds(PlannedPiece piece) => (piece.EndUtcMicros - piece.StartUtcMicros) / 1e6;
}
