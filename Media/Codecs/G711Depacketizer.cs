using VmsServices.Media.Rtp;

namespace VmsServices.Media.Codecs;

/// <summary>
/// G.711 µ-law/A-law (RFC 3551 §4.5.14, static payload types 0 PCMU and 8 PCMA at 8000 Hz):
/// each packet payload is a run of 8-bit samples and is emitted as one sample as-is (no copy).
/// </summary>
public sealed class G711Depacketizer : Depacketizer
{
    public G711Depacketizer(TrackInfo track, int trackIndex) : base(track, trackIndex) { }

    protected override void OnPacket(in RtpPacket header, long timestamp, ReadOnlyMemory<byte> payload, bool lossBefore)
    {
        if (payload.IsEmpty)
            return;
        Emit(new MediaSample(TrackIndex, timestamp, null, true, payload));
    }
}
