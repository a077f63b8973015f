using System.Buffers;

namespace VmsServices.Media.Codecs;

/// <summary>
/// Fields of an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2) needed for storage:
/// cropped picture size and the general profile_tier_level (§7.3.3) bytes that hvcC
/// (ISO/IEC 14496-15 §8.3.3.1) repeats.
/// </summary>
public readonly record struct H265Sps(
    byte GeneralProfileSpace,
    bool GeneralTierFlag,
    byte GeneralProfileIdc,
    uint GeneralProfileCompatibilityFlags,
    ulong GeneralConstraintIndicatorFlags, // 48 bits
    byte GeneralLevelIdc,
    uint MaxSubLayersMinus1,
    bool TemporalIdNesting,
    uint ChromaFormatIdc,
    uint BitDepthLumaMinus8,
    uint BitDepthChromaMinus8,
    int Width,
    int Height)
{
    private const int MaxStackBytes = 512;

    /// <summary>Parses an SPS NAL unit (2-byte header, type 33, no start code). Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nal, out H265Sps sps)
    {
        sps = default;
        if (nal.Length < 16 || ((nal[0] >> 1) & 0x3F) != 33) return false;
        byte[]? rented = null;
        Span<byte> rbsp = nal.Length <= MaxStackBytes
            ? stackalloc byte[MaxStackBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(nal.Length));
        try
        {
            int length = RbspReader.Unescape(nal[2..], rbsp);
            return length > 0 && TryParseRbsp(rbsp[..length], out sps);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryParseRbsp(ReadOnlySpan<byte> rbsp, out H265Sps sps)
    {
        sps = default;
        var r = new RbspReader(rbsp);
        r.SkipBits(4); // sps_video_parameter_set_id
        uint maxSubLayersMinus1 = r.ReadBits(3);
        bool temporalIdNesting = r.ReadFlag();
        if (maxSubLayersMinus1 > 6) return false;

        // profile_tier_level(1, sps_max_sub_layers_minus1), §7.3.3
        byte profileSpace = (byte)r.ReadBits(2);
        bool tier = r.ReadFlag();
        byte profileIdc = (byte)r.ReadBits(5);
        uint compatibility = r.ReadBits(32);
        ulong constraints = ((ulong)r.ReadBits(16) << 32) | r.ReadBits(32);
        byte levelIdc = (byte)r.ReadBits(8);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.ReadFlag();
            levelPresent[i] = r.ReadFlag();
        }
        if (maxSubLayersMinus1 > 0)
        {
            for (uint i = maxSubLayersMinus1; i < 8; i++) r.SkipBits(2); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++)
        {
            if (profilePresent[i]) r.SkipBits(88);
            if (levelPresent[i]) r.SkipBits(8);
        }

        uint spsId = r.ReadUe();
        uint chromaFormat = r.ReadUe();
        if (r.Failed || spsId > 15 || chromaFormat > 3) return false;
        bool separateColourPlane = chromaFormat == 3 && r.ReadFlag();
        uint width = r.ReadUe();
        uint height = r.ReadUe();
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.ReadFlag()) // conformance_window_flag
        {
            cropLeft = r.ReadUe();
            cropRight = r.ReadUe();
            cropTop = r.ReadUe();
            cropBottom = r.ReadUe();
        }
        uint depthLuma = r.ReadUe();
        uint depthChroma = r.ReadUe();
        if (r.Failed || width == 0 || height == 0 || width > 16888 || height > 16888 || depthLuma > 8 || depthChroma > 8)
            return false;

        // §7.4.3.2.1: conformance window offsets are in chroma sample units (SubWidthC, SubHeightC, Table 6-1).
        uint chromaArrayType = separateColourPlane ? 0 : chromaFormat;
        uint subWidthC = chromaArrayType is 1 or 2 ? 2u : 1u;
        uint subHeightC = chromaArrayType == 1 ? 2u : 1u;
        long croppedWidth = width - subWidthC * ((long)cropLeft + cropRight);
        long croppedHeight = height - subHeightC * ((long)cropTop + cropBottom);
        if (croppedWidth <= 0 || croppedHeight <= 0) return false;

        sps = new H265Sps(profileSpace, tier, profileIdc, compatibility, constraints, levelIdc,
            maxSubLayersMinus1, temporalIdNesting, chromaFormat, depthLuma, depthChroma,
            (int)croppedWidth, (int)croppedHeight);
        return true;
    }
}
