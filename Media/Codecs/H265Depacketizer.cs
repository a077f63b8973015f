using System.Buffers.Binary;

namespace VmsServices.Media.Codecs;

/// <summary>
/// H.265 RTP payload format (RFC 7798) without DONL fields (sprop-max-don-diff = 0, the case
/// for cameras): single NAL unit packets (§4.4.1), aggregation packets (§4.4.2) and
/// fragmentation units (§4.4.3). PACI packets (§4.4.4) are ignored.
/// </summary>
public sealed class H265Depacketizer : VideoDepacketizer
{
    public const int NalVps = 32;
    public const int NalSps = 33;
    public const int NalPps = 34;
    private const int Ap = 48;
    private const int Fu = 49;

    public H265Depacketizer(TrackInfo track, int trackIndex) : base(track, trackIndex, parameterSetKinds: 3) { }

    private static int NalType(ReadOnlySpan<byte> nal) => (nal[0] >> 1) & 0x3F;

    protected override int ParameterSetSlot(ReadOnlySpan<byte> nal) => NalType(nal) switch
    {
        NalVps => 0,
        NalSps => 1,
        NalPps => 2,
        _ => -1,
    };

    /// <summary>IRAP pictures: BLA_W_LP (16) .. CRA_NUT (21), H.265 §7.4.2.2.</summary>
    protected override bool IsKeyFrameNal(ReadOnlySpan<byte> nal) => NalType(nal) is >= 16 and <= 21;

    protected override void ParsePayload(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            MarkCorrupt();
            return;
        }
        switch (NalType(payload))
        {
            case < Ap:
                if (payload.Length > 2)
                    AddNal(payload); // §4.4.1 single NAL unit packet
                else
                    MarkCorrupt();
                break;
            case Ap:
                ParseAggregation(payload);
                break;
            case Fu:
                ParseFragment(payload);
                break;
            default:
                break; // PACI (50) and reserved types are ignored
        }
    }

    /// <summary>§4.4.2: payload header, then repeated (16-bit NALU size, NAL unit).</summary>
    private void ParseAggregation(ReadOnlySpan<byte> payload) => AddAggregatedNals(payload, headerBytes: 2, minNalBytes: 2);

    /// <summary>
    /// §4.4.3: payload header (type 49), FU header (S, E, FuType), fragment. The NAL header is the
    /// payload header with its type replaced by FuType (F, LayerId, TID are kept).
    /// </summary>
    private void ParseFragment(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            MarkCorrupt();
            return;
        }
        byte fuHeader = payload[2];
        Span<byte> nalHeader = [(byte)((payload[0] & 0x81) | ((fuHeader & 0x3F) << 1)), payload[1]];
        AddFragment(fuHeader, nalHeader, payload[3..]);
    }
}
