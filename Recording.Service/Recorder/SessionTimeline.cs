namespace VmsServices.Recording.Recorder;

/// <summary>Which clock gave the wall-clock anchor of a session timeline.</summary>
public enum AnchorSource
{
    /// <summary>Not anchored yet (no key frame seen).</summary>
    None,
    /// <summary>The camera's RTCP sender report mapping (RFC 3550 §6.4.1), within the drift bound of the local clock.</summary>
    SenderReport,
    /// <summary>The local clock (injected TimeProvider) when the anchoring frame arrived.</summary>
    LocalClock,
}

/// <summary>
/// Maps the extended RTP timestamps of one session's video track to UTC microseconds
/// (docs/design/time.md). An anchor pairs one RTP timestamp with one wall-clock instant; every
/// other instant is anchor + elapsed RTP ticks / clock rate. Boundaries are computed from the
/// anchor, not summed per segment, so rounding never accumulates and consecutive segments stay
/// exactly contiguous. Pure: the caller passes "now".
/// </summary>
internal sealed class SessionTimeline(int clockRate, long maxDriftMicros)
{
    private long _anchorRtp;
    private long _anchorUtcMicros;

    public int ClockRate { get; } = clockRate > 0 ? clockRate : throw new ArgumentOutOfRangeException(nameof(clockRate));
    public AnchorSource Source { get; private set; }
    public bool IsAnchored => Source != AnchorSource.None;

    /// <summary>
    /// Our wall time minus the reference clock's reading (0 unless the anchor was clamped forward):
    /// lets another track of the same session map its own reference readings onto this timeline.
    /// </summary>
    public long ShiftMicros { get; private set; }

    /// <summary>
    /// Anchors <paramref name="rtp"/>: at the sender-report time <paramref name="captureUtcMicros"/> if there is
    /// one and it is within the drift bound of the local clock (a camera with a wrong clock is not trusted),
    /// else at <paramref name="nowUtcMicros"/>; never before <paramref name="notBeforeUtcMicros"/> (no overlap with
    /// the previous segment of the device). Returns the anchored instant.
    /// </summary>
    public long Anchor(long rtp, long? captureUtcMicros, long nowUtcMicros, long notBeforeUtcMicros)
    {
        long reference;
        if (captureUtcMicros is { } c && Math.Abs(c - nowUtcMicros) <= maxDriftMicros)
        {
            reference = c;
            Source = AnchorSource.SenderReport;
        }
        else
        {
            reference = nowUtcMicros;
            Source = AnchorSource.LocalClock;
        }
        _anchorRtp = rtp;
        _anchorUtcMicros = Math.Max(reference, notBeforeUtcMicros);
        ShiftMicros = _anchorUtcMicros - reference;
        return _anchorUtcMicros;
    }

    /// <summary>UTC microseconds of an extended RTP timestamp on the current anchor (floor).</summary>
    public long ToUtcMicros(long rtp) => _anchorUtcMicros + TimeMath.Scale(rtp - _anchorRtp, 1_000_000, ClockRate);

    /// <summary>How far the timeline is ahead (+) or behind (-) the local clock at <paramref name="rtp"/>.</summary>
    public long DriftMicros(long rtp, long nowUtcMicros) => ToUtcMicros(rtp) - nowUtcMicros;

    public bool IsBeyondDriftBound(long driftMicros) => Math.Abs(driftMicros) > maxDriftMicros;

    public void Reset() => Source = AnchorSource.None;
}

/// <summary>Integer time conversions without overflow (UTC micros × 90 kHz exceeds 64 bits).</summary>
internal static class TimeMath
{
    /// <summary>value × numerator / denominator, rounded towards negative infinity.</summary>
    public static long Scale(long value, long numerator, long denominator)
    {
        Int128 product = (Int128)value * numerator;
        Int128 q = product / denominator;
        if (product % denominator != 0 && (product < 0) != (denominator < 0)) q--;
        return (long)q;
    }

    public static long NowUtcMicros(TimeProvider time) =>
        (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
