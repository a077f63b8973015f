using System.Buffers.Binary;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// Splits a segment's standalone MP4 (what a holder serves) back into the init segment of its file
/// (ftyp + moov, ISO/IEC 14496-12 §8.8.1) and its movie fragment (moof + mdat, §8.8.4), the two
/// pieces a <see cref="Storage.SegmentStore"/> stores: a recording file starts with the one and
/// appends the other. Only top-level box headers are read (§4.2: 32-bit size, 1 = 64-bit largesize
/// follows, 0 = to the end).
/// </summary>
public static class StandaloneMp4
{
    private const uint Ftyp = 0x66747970, Moof = 0x6D6F6F66;

    /// <summary>False when the bytes do not start with ftyp, have no moof, or are not whole boxes end to end.</summary>
    public static bool TrySplit(ReadOnlyMemory<byte> whole, out ReadOnlyMemory<byte> init, out ReadOnlyMemory<byte> fragment)
    {
        (init, fragment) = (default, default);
        var span = whole.Span;
        long pos = 0, moof = -1;
        while (pos < span.Length)
        {
            if (span.Length - pos < 8) return false;
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(span[(int)pos..]);
            var type = BinaryPrimitives.ReadUInt32BigEndian(span[((int)pos + 4)..]);
            if (pos == 0 && type != Ftyp) return false;
            if (type == Moof && moof < 0) moof = pos;
            if (size == 1)
            {
                if (span.Length - pos < 16) return false;
                var large = BinaryPrimitives.ReadUInt64BigEndian(span[((int)pos + 8)..]);
                size = large > long.MaxValue ? -1 : (long)large;
            }
            else if (size == 0)
            {
                size = span.Length - pos;
            }
            if (size < 8 || size > span.Length - pos) return false;
            pos += size;
        }
        if (moof <= 0) return false;
        (init, fragment) = (whole[..(int)moof], whole[(int)moof..]);
        return true;
    }
}
