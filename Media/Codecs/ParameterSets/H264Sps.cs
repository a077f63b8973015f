using System.Buffers;

namespace VmsServices.Media.Codecs;

/// <summary>
/// Fields of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1) needed for storage:
/// picture size after cropping, profile/level (for avcC, ISO/IEC 14496-15 §5.3.3.1) and
/// VUI timing (Annex E.1.1) when present.
/// </summary>
public readonly record struct H264Sps(
    byte ProfileIdc,
    byte ConstraintFlags,
    byte LevelIdc,
    uint SeqParameterSetId,
    uint ChromaFormatIdc,
    uint BitDepthLumaMinus8,
    uint BitDepthChromaMinus8,
    int Width,
    int Height,
    bool FrameMbsOnly,
    bool HasTiming,
    uint NumUnitsInTick,
    uint TimeScale,
    bool FixedFrameRate)
{
    private const int MaxStackBytes = 512;

    /// <summary>Frames per second from VUI timing (time_scale / (2 * num_units_in_tick)), or null.</summary>
    public double? FrameRate => HasTiming && NumUnitsInTick != 0 ? TimeScale / (2.0 * NumUnitsInTick) : null;

    /// <summary>Parses an SPS NAL unit (with its 1-byte header, without start code). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out H264Sps sps)
    {
        sps = default;
        if (nal.Length < 4 || (nal[0] & 0x1F) != 7) return false;
        byte[]? rented = null;
        Span<byte> rbsp = nal.Length <= MaxStackBytes
            ? stackalloc byte[MaxStackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(nal.Length));
        try
        {
            int length = RbspReader.Unescape(nal[1..], rbsp);
            return length > 0 && TryParseRbsp(rbsp[..length], out sps);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryParseRbsp(ReadOnlySpan<byte> rbsp, out H264Sps sps)
    {
        sps = default;
        var r = new RbspReader(rbsp);
        byte profile = (byte)r.ReadBits(8);
        byte constraints = (byte)r.ReadBits(8);
        byte level = (byte)r.ReadBits(8);
        uint spsId = r.ReadUe();
        if (r.Failed || spsId > 31) return false;

        uint chromaFormat = 1, depthLuma = 0, depthChroma = 0;
        bool separateColourPlane = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chromaFormat = r.ReadUe();
            if (chromaFormat > 3) return false;
            if (chromaFormat == 3) separateColourPlane = r.ReadFlag();
            depthLuma = r.ReadUe();
            depthChroma = r.ReadUe();
            if (depthLuma > 6 || depthChroma > 6) return false;
            r.SkipBits(1); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag()) // seq_scaling_matrix_present_flag
            {
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists && !r.Failed; i++)
                {
                    if (r.ReadFlag()) SkipScalingList(ref r, i < 6 ? 16 : 64);
                }
            }
        }

        r.ReadUe(); // log2_max_frame_num_minus4
        uint pocType = r.ReadUe();
        if (pocType == 0)
        {
            r.ReadUe(); // log2_max_pic_order_cnt_lsb_minus4
        }
        else if (pocType == 1)
        {
            r.SkipBits(1); // delta_pic_order_always_zero_flag
            r.ReadSe();    // offset_for_non_ref_pic
            r.ReadSe();    // offset_for_top_to_bottom_field
            uint cycle = r.ReadUe();
            if (cycle > 255) return false;
            for (uint i = 0; i < cycle && !r.Failed; i++) r.ReadSe();
        }
        else if (pocType != 2)
        {
            return false;
        }

        r.ReadUe();    // max_num_ref_frames
        r.SkipBits(1); // gaps_in_frame_num_value_allowed_flag
        uint widthMbs = r.ReadUe() + 1;
        uint heightMapUnits = r.ReadUe() + 1;
        bool frameMbsOnly = r.ReadFlag();
        if (!frameMbsOnly) r.SkipBits(1); // mb_adaptive_frame_field_flag
        r.SkipBits(1); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag())
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }
        if (r.Failed || widthMbs > 2048 || heightMapUnits > 2048) return false;

        // §7.4.2.1.1 frame_crop_*_offset: units depend on ChromaArrayType and frame_mbs_only_flag.
        uint chromaArrayType = separateColourPlane ? 0 : chromaFormat;
        uint frameHeightFactor = frameMbsOnly ? 1u : 2u;
        uint cropUnitX = chromaArrayType == 0 ? 1u : (chromaArrayType == 3 ? 1u : 2u);
        uint cropUnitY = chromaArrayType == 0 ? frameHeightFactor : (chromaArrayType == 1 ? 2u : 1u) * frameHeightFactor;
        long width = widthMbs * 16L - cropUnitX * ((long)cropLeft + cropRight);
        long height = frameHeightFactor * heightMapUnits * 16L - cropUnitY * ((long)cropTop + cropBottom);
        if (width <= 0 || height <= 0) return false;

        bool hasTiming = false, fixedRate = false;
        uint unitsInTick = 0, timeScale = 0;
        if (r.ReadFlag() && !r.Failed) // vui_parameters_present_flag, Annex E.1.1
        {
            if (r.ReadFlag() && r.ReadBits(8) == 255) r.SkipBits(32); // aspect_ratio_info, Extended_SAR
            if (r.ReadFlag()) r.SkipBits(1);                           // overscan
            if (r.ReadFlag())                                          // video_signal_type
            {
                r.SkipBits(4);
                if (r.ReadFlag()) r.SkipBits(24);                      // colour_description
            }
            if (r.ReadFlag()) { r.ReadUe(); r.ReadUe(); }              // chroma_loc_info
            if (r.ReadFlag())                                          // timing_info_present_flag
            {
                unitsInTick = r.ReadBits(32);
                timeScale = r.ReadBits(32);
                fixedRate = r.ReadFlag();
                hasTiming = !r.Failed && unitsInTick != 0 && timeScale != 0;
            }
            // A truncated VUI does not invalidate the picture size parsed above.
        }

        sps = new H264Sps(profile, constraints, level, spsId, chromaFormat, depthLuma, depthChroma,
            (int)width, (int)height, frameMbsOnly, hasTiming, hasTiming ? unitsInTick : 0,
            hasTiming ? timeScale : 0, hasTiming && fixedRate);
        return true;
    }

    /// <summary>scaling_list() syntax, §7.3.2.1.1.1: only advances the reader.</summary>
    private static void SkipScalingList(ref RbspReader r, int size)
    {
        int lastScale = 8, nextScale = 8;
        for (int j = 0; j < size && !r.Failed; j++)
        {
            if (nextScale != 0)
            {
                int delta = r.ReadSe();
                if (delta is < -128 or > 127) { r.SkipBits(int.MaxValue); return; }
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }
}
