namespace VmsServices.Media.Rtp;

/// <summary>
/// Maps extended RTP timestamps to UTC using the latest RTCP Sender Report of the stream
/// (RFC 3550 §6.4.1: the SR's NTP and RTP timestamps denote the same instant).
/// </summary>
public sealed class RtpClockMapper
{
    private readonly int _clockRate;
    private bool _hasReport;
    private long _reportRtp;
    private long _reportUtcMicros;

    public RtpClockMapper(int clockRate) =>
        _clockRate = clockRate > 0 ? clockRate : throw new ArgumentOutOfRangeException(nameof(clockRate));

    public bool IsSynchronized => _hasReport;

    /// <summary>Takes a Sender Report; its RTP timestamp is extended with the track's unwrapper.</summary>
    public void OnSenderReport(in RtcpSenderReport report, RtpTimestampUnwrapper unwrapper)
    {
        _reportRtp = unwrapper.Extend(report.RtpTimestamp);
        _reportUtcMicros = report.UtcMicros;
        _hasReport = true;
    }

    /// <summary>UTC microseconds since the Unix epoch for an extended RTP timestamp, or null before any SR.</summary>
    public long? ToUtcMicros(long extendedTimestamp)
    {
        if (!_hasReport)
            return null;
        long ticks = extendedTimestamp - _reportRtp;
        return _reportUtcMicros + (long)((Int128)ticks * 1_000_000 / _clockRate);
    }

    public void Reset() => _hasReport = false;
}
