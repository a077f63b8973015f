using VmsServices.Recording.Api;

namespace VmsServices.Recording.Playback;

/// <summary>
/// One piece of a playback: a whole stored segment, or its head when a later recording of the
/// same seconds takes over at <see cref="CutUtcMicros"/> (the tail is trimmed, never the head:
/// the later segment begins with a key frame, so the cut is clean).
/// </summary>
public sealed record PlannedPiece(SegmentDto Segment, long? CutUtcMicros = null)
{
    public long StartUtcMicros => Segment.StartUtcMicros;
    public long EndUtcMicros => CutUtcMicros ?? Segment.EndUtcMicros;
    public string HolderId => Segment.RecordingServerId;
    public bool IsTrimmed => CutUtcMicros is not null;
}

/// <summary>
/// Plans a playback from the merged segment list of all holders (seed 000 FIG. 4): one timeline,
/// no second shown twice. Make-before-break moves (and a server restarted mid-move) leave two
/// servers holding the same seconds; in start order, a segment fully covered by what is planned
/// is skipped, and one starting before the planned end cuts the planned tail at its start.
/// Holes between segments stay holes: nothing is invented. Pure, so it is unit-tested alone.
/// </summary>
public static class PlaybackPlanner
{
    /// <summary>
    /// Overlaps up to this are clock anchoring noise between servers (a few ms), not shared
    /// content: cutting would keep every sample anyway (a frame is only dropped within half a
    /// frame of the cut), so the piece stays whole and needs no rebuilding.
    /// </summary>
    public const long OverlapToleranceMicros = 5_000;

    /// <summary>A head shorter than this after cutting (at most a frame or two) is dropped rather than served as a sliver.</summary>
    public const long MinPieceMicros = 50_000;

    /// <param name="segments">Segments of one device and data type, from any holders, in any order.</param>
    public static List<PlannedPiece> Plan(IEnumerable<SegmentDto> segments)
    {
        var plan = new List<PlannedPiece>();
        // Start order; on equal starts the longer first, so the shorter one is covered and skipped.
        foreach (var segment in segments.Where(s => s.EndUtcMicros > s.StartUtcMicros)
                     .OrderBy(s => s.StartUtcMicros).ThenByDescending(s => s.EndUtcMicros).ThenBy(s => s.RecordingServerId, StringComparer.Ordinal))
        {
            if (plan.Count > 0)
            {
                var last = plan[^1];
                if (segment.EndUtcMicros <= last.EndUtcMicros + OverlapToleranceMicros) continue; // covered
                if (segment.StartUtcMicros < last.EndUtcMicros - OverlapToleranceMicros)
                {
                    // Only the last planned piece can overlap: every earlier one ends at or before its start.
                    if (segment.StartUtcMicros - last.StartUtcMicros < MinPieceMicros) plan.RemoveAt(plan.Count - 1);
                    else plan[^1] = last with { CutUtcMicros = segment.StartUtcMicros };
                }
            }
            plan.Add(new PlannedPiece(segment));
        }
        return plan;
    }

    /// <summary>
    /// Whether a player must be told of a discontinuity before <paramref name="piece"/> (RFC 8216
    /// §4.3.2.3): a hole in time since <paramref name="previous"/>, or another recording server
    /// (another recording, so possibly other encoding parameters).
    /// </summary>
    public static bool IsDiscontinuity(PlannedPiece? previous, PlannedPiece piece) =>
        previous is not null && (previous.HolderId != piece.HolderId
            || Math.Abs(piece.StartUtcMicros - previous.EndUtcMicros) > OverlapToleranceMicros || piece.Segment.AfterGap);
}
