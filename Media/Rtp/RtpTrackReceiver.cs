using VmsServices.Media.Codecs;

namespace VmsServices.Media.Rtp;

/// <summary>
/// Per-track receive pipeline: RTP validation (RFC 3550 §5.1), sequence-gap detection, timestamp
/// extension, RTCP SR wall-clock mapping (§6.4.1) and the codec depacketizer. Feed packets in
/// arrival order; after each <see cref="ProcessRtp"/> the produced samples are available through
/// <see cref="ReadyCount"/>/<see cref="GetReady"/> until the next call (see <see cref="Depacketizer"/>).
/// </summary>
public sealed class RtpTrackReceiver : IDisposable
{
    private readonly RtpSequenceTracker _sequence = new();
    private readonly RtpTimestampUnwrapper _timestamps = new();
    private readonly RtpClockMapper _clock;
    private readonly Depacketizer _depacketizer;
    private uint? _ssrc;

    public RtpTrackReceiver(int trackIndex, TrackInfo track)
    {
        Track = track;
        TrackIndex = trackIndex;
        _clock = new RtpClockMapper(track.ClockRate);
        _depacketizer = Depacketizer.Create(track, trackIndex);
    }

    public TrackInfo Track { get; }
    public int TrackIndex { get; }
    public long LostPackets => _sequence.LostPackets;
    public long DroppedFrames => _depacketizer.DroppedFrames;
    public long InvalidPackets { get; private set; }

    public int ReadyCount => _depacketizer.ReadyCount;

    /// <summary>A ready sample, with <see cref="MediaSample.CaptureUtcMicros"/> filled in once an SR was seen.</summary>
    public MediaSample GetReady(int index)
    {
        MediaSample s = _depacketizer.GetReady(index);
        return s with { CaptureUtcMicros = _clock.ToUtcMicros(s.RtpTimestamp) };
    }

    /// <summary>
    /// Processes one RTP packet. <paramref name="packet"/> must stay unchanged until the next call.
    /// Returns false (never throws) if the packet was invalid or discarded.
    /// </summary>
    public bool ProcessRtp(ReadOnlyMemory<byte> packet)
    {
        _depacketizer.ReleaseReady();
        if (!RtpPacket.TryParse(packet.Span, out RtpPacket header) || header.PayloadType != Track.PayloadType)
        {
            InvalidPackets++;
            return false;
        }
        bool restarted = false;
        if (_ssrc != header.Ssrc)
        {
            // A new synchronization source (§8): start over with sequence and clock mapping.
            restarted = _ssrc is not null;
            _ssrc = header.Ssrc;
            _sequence.Reset();
            _clock.Reset();
        }
        if (!_sequence.Accept(header.SequenceNumber, out bool lossBefore))
            return false;
        long timestamp = _timestamps.Unwrap(header.Timestamp);
        _depacketizer.Push(header, timestamp, packet.Slice(header.PayloadOffset, header.PayloadLength), lossBefore || restarted);
        return true;
    }

    /// <summary>Processes one (compound) RTCP packet; only Sender Reports of our SSRC are used.</summary>
    public void ProcessRtcp(ReadOnlySpan<byte> packet)
    {
        if (RtcpSenderReport.TryFind(packet, out RtcpSenderReport sr) && (_ssrc is null || _ssrc == sr.Ssrc))
            _clock.OnSenderReport(sr, _timestamps);
    }

    public void Dispose() => _depacketizer.Dispose();
}
