namespace VmsServices.Media.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps (RFC 3550 §5.1, which wrap around) to a monotonic-ish 64-bit
/// timeline: each new value is placed at the signed 32-bit distance nearest to the previous one,
/// so both wraparound and the small backward steps of B-frame reordering are handled.
/// </summary>
public sealed class RtpTimestampUnwrapper
{
    private bool _initialized;
    private long _last;

    /// <summary>Extends <paramref name="timestamp"/> and makes it the new reference.</summary>
    public long Unwrap(uint timestamp)
    {
        _last = Extend(timestamp);
        _initialized = true;
        return _last;
    }

    /// <summary>Extends <paramref name="timestamp"/> relative to the reference without moving it.</summary>
    public long Extend(uint timestamp)
    {
        if (!_initialized)
            return timestamp;
        int delta = unchecked((int)(timestamp - (uint)_last));
        return _last + delta;
    }

    public void Reset() => _initialized = false;
}
