using System.Buffers.Binary;

namespace VmsServices.Media.Codecs;

/// <summary>
/// H.264 RTP payload format (RFC 6184), non-interleaved mode (packetization-mode 0 and 1):
/// single NAL unit packets (§5.6), STAP-A (§5.7.1) and FU-A (§5.8). STAP-B, MTAP and FU-B
/// (interleaved mode only) are ignored.
/// </summary>
public sealed class H264Depacketizer : VideoDepacketizer
{
    public const int NalSps = 7;
    public const int NalPps = 8;
    public const int NalIdr = 5;
    private const int StapA = 24;
    private const int FuA = 28;

    public H264Depacketizer(TrackInfo track, int trackIndex) : base(track, trackIndex, parameterSetKinds: 2) { }

    protected override int ParameterSetSlot(ReadOnlySpan<byte> nal) => (nal[0] & 0x1F) switch
    {
        NalSps => 0,
        NalPps => 1,
        _ => -1,
    };

    protected override bool IsKeyFrameNal(ReadOnlySpan<byte> nal) => (nal[0] & 0x1F) == NalIdr;

    protected override void ParsePayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            MarkCorrupt();
            return;
        }
        int type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                AddNal(payload); // §5.6 single NAL unit packet
                break;
            case StapA:
                ParseStapA(payload);
                break;
            case FuA:
                ParseFuA(payload);
                break;
            default:
                break; // 0 and 30-31 undefined; 25-27, 29 interleaved mode: ignored (§5.4)
        }
    }

    /// <summary>§5.7.1: STAP-A header byte, then repeated (16-bit NALU size, NAL unit).</summary>
    private void ParseStapA(ReadOnlySpan<byte> payload) => AddAggregatedNals(payload, headerBytes: 1, minNalBytes: 1);

    /// <summary>
    /// §5.8: FU indicator (F, NRI, type 28), FU header (S, E, R, original type), fragment.
    /// The NAL header is rebuilt from the indicator's F/NRI and the header's type.
    /// </summary>
    private void ParseFuA(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            MarkCorrupt();
            return;
        }
        byte fuHeader = payload[1];
        Span<byte> nalHeader = [(byte)((payload[0] & 0xE0) | (fuHeader & 0x1F))];
        AddFragment(fuHeader, nalHeader, payload[2..]);
    }
}
