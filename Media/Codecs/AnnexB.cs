using System.Buffers.Binary;

namespace VmsServices.Media.Codecs;

/// <summary>
/// Annex B byte-stream helpers (ITU-T H.264 / H.265 Annex B): start-code scanning, NAL unit
/// classification and conversion to the 4-byte length-prefixed form of ISO/IEC 14496-15.
/// All methods are allocation-free.
/// </summary>
public static class AnnexB
{
    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    /// <summary>
    /// Finds the next NAL unit at or after <paramref name="offset"/>. The NAL excludes its start
    /// code (3 or 4 bytes) and trailing zero bytes. On return <paramref name="offset"/> points at
    /// the next start code (or the end). Returns false when no further NAL unit exists.
    /// </summary>
    public static bool NextNalUnit(ReadOnlySpan<byte> data, ref int offset, out ReadOnlySpan<byte> nal)
    {
        nal = default;
        while ((uint)offset < (uint)data.Length)
        {
            int found = data[offset..].IndexOf(StartCode);
            if (found < 0) { offset = data.Length; return false; }
            int start = offset + found + 3;
            int next = data[start..].IndexOf(StartCode);
            int end = next < 0 ? data.Length : start + next;
            offset = end;
            while (end > start && data[end - 1] == 0) end--; // zero_byte of a 4-byte start code / trailing_zero_8bits
            if (end > start)
            {
                nal = data[start..end];
                return true;
            }
        }
        offset = data.Length;
        return false;
    }

    /// <summary>nal_unit_type: H.264 §7.3.1 (5 bits), H.265 §7.3.1.2 (6 bits).</summary>
    public static int NalType(Codec codec, ReadOnlySpan<byte> nal) =>
        nal.IsEmpty ? -1 : codec == Codec.H265 ? (nal[0] >> 1) & 0x3F : nal[0] & 0x1F;

    /// <summary>VCL (slice) NAL units: H.264 types 1–5, H.265 types 0–31.</summary>
    public static bool IsVcl(Codec codec, ReadOnlySpan<byte> nal)
    {
        int type = NalType(codec, nal);
        return codec == Codec.H265 ? type is >= 0 and <= 31 : type is >= 1 and <= 5;
    }

    /// <summary>Random access point: H.264 IDR (5), H.265 IRAP (16–23).</summary>
    public static bool IsKeyFrame(Codec codec, ReadOnlySpan<byte> nal)
    {
        int type = NalType(codec, nal);
        return codec == Codec.H265 ? type is >= 16 and <= 23 : type == 5;
    }

    /// <summary>H.264 SPS/PPS (7, 8); H.265 VPS/SPS/PPS (32–34).</summary>
    public static bool IsParameterSet(Codec codec, ReadOnlySpan<byte> nal)
    {
        int type = NalType(codec, nal);
        return codec == Codec.H265 ? type is >= 32 and <= 34 : type is 7 or 8;
    }

    /// <summary>
    /// True when a VCL NAL unit starts a new picture: H.264 first_mb_in_slice == 0 (ue(v) code "1"),
    /// H.265 first_slice_segment_in_pic_flag == 1. Both are the first slice-header bit.
    /// </summary>
    public static bool IsFirstSliceOfPicture(Codec codec, ReadOnlySpan<byte> nal)
    {
        int headerBytes = codec == Codec.H265 ? 2 : 1;
        return nal.Length > headerBytes && IsVcl(codec, nal) && (nal[headerBytes] & 0x80) != 0;
    }

    /// <summary>
    /// Non-VCL NAL units that may only precede the first VCL NAL of an access unit
    /// (H.264 §7.4.1.2.3: AUD, SPS, PPS, SEI, types 14–18; H.265 §7.4.2.4.4: VPS, SPS, PPS, AUD,
    /// prefix SEI, 41–44, 48–55). Seeing one after a VCL NAL means a new access unit started.
    /// </summary>
    public static bool StartsAccessUnitBeforeVcl(Codec codec, ReadOnlySpan<byte> nal)
    {
        int type = NalType(codec, nal);
        return codec == Codec.H265
            ? type is >= 32 and <= 35 or 39 or >= 41 and <= 44 or >= 48 and <= 55
            : type is 6 or 7 or 8 or 9 or >= 14 and <= 18;
    }

    /// <summary>
    /// Writes <paramref name="nal"/> with a 4-byte big-endian length prefix (ISO/IEC 14496-15
    /// §5.3.2, lengthSizeMinusOne = 3). Returns bytes written, or -1 if the destination is too small.
    /// </summary>
    public static int WriteLengthPrefixed(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        if (destination.Length < nal.Length + 4) return -1;
        BinaryPrimitives.WriteInt32BigEndian(destination, nal.Length);
        nal.CopyTo(destination[4..]);
        return nal.Length + 4;
    }
}

/// <summary>
/// Groups NAL units into access units (H.264 §7.4.1.2.3, H.265 §7.4.2.4.4). Feed every NAL in
/// stream order; <see cref="IsNewAccessUnit"/> returns true when the NAL belongs to a new one.
/// </summary>
public struct AccessUnitDetector(Codec codec)
{
    private bool _currentHasVcl;

    public readonly Codec Codec => codec;

    public bool IsNewAccessUnit(ReadOnlySpan<byte> nal)
    {
        bool isNew;
        if (AnnexB.IsVcl(codec, nal))
        {
            isNew = _currentHasVcl && AnnexB.IsFirstSliceOfPicture(codec, nal);
            _currentHasVcl = true;
        }
        else
        {
            isNew = _currentHasVcl && AnnexB.StartsAccessUnitBeforeVcl(codec, nal);
            if (isNew) _currentHasVcl = false;
        }
        return isNew;
    }
}
