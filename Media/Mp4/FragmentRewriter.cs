using System.Buffers.Binary;

namespace VmsServices.Media.Mp4;

/// <summary>What a traf of a stored fragment says about one track (ISO/IEC 14496-12 §8.8.6).</summary>
public readonly record struct TrackFragmentInfo(uint TrackId, ulong BaseDecodeTime, ulong DurationTicks, int SampleCount);

/// <summary>New tfdt baseMediaDecodeTime for one track.</summary>
public readonly record struct TrackDecodeTime(uint TrackId, ulong BaseDecodeTime);

/// <summary>
/// Reads and patches stored movie fragments in place: mfhd sequence_number (§8.8.5) and each
/// traf's tfdt baseMediaDecodeTime (§8.8.12). Nothing else changes size or position, so a copy of
/// the stored moof+mdat can be re-timed and served after any compatible init segment.
/// All methods validate box bounds and return false/-1 on malformed input instead of throwing.
/// </summary>
public static class FragmentRewriter
{
    /// <summary>
    /// Fills <paramref name="destination"/> with one entry per traf of the moof at the start of
    /// <paramref name="fragment"/>. Returns the count, or -1 if malformed or the span is too small.
    /// Durations come from trun sample durations or the tfhd default (0 if neither is present).
    /// </summary>
    public static int ReadTrackFragments(ReadOnlySpan<byte> fragment, Span<TrackFragmentInfo> destination, out uint sequenceNumber)
    {
        sequenceNumber = 0;
        if (!TryBox(fragment, 0, out uint type, out int moofEnd, out int body) || type != FourCc.Moof) return -1;
        int count = 0;
        bool sawMfhd = false;
        for (int pos = body; pos < moofEnd;)
        {
            if (!TryBox(fragment[..moofEnd], pos, out type, out int end, out int childBody)) return -1;
            if (type == FourCc.Mfhd)
            {
                if (end - childBody < 8) return -1;
                sequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(fragment[(childBody + 4)..]);
                sawMfhd = true;
            }
            else if (type == FourCc.Traf)
            {
                if (count >= destination.Length || !TryReadTraf(fragment[childBody..end], out destination[count])) return -1;
                count++;
            }
            pos = end;
        }
        return sawMfhd ? count : -1;
    }

    /// <summary>Sets the sequence number and the same base decode time on every traf (single-track files).</summary>
    public static bool TryRewrite(Span<byte> fragment, uint sequenceNumber, ulong baseDecodeTime) =>
        Rewrite(fragment, sequenceNumber, [], baseDecodeTime, apply: false)
        && Rewrite(fragment, sequenceNumber, [], baseDecodeTime, apply: true);

    /// <summary>
    /// Sets the sequence number and, for each traf whose track is listed, its base decode time
    /// (track timescale). Unlisted tracks keep their time. Nothing is modified when it returns false.
    /// </summary>
    public static bool TryRewrite(Span<byte> fragment, uint sequenceNumber, ReadOnlySpan<TrackDecodeTime> baseDecodeTimes) =>
        Rewrite(fragment, sequenceNumber, baseDecodeTimes, null, apply: false)
        && Rewrite(fragment, sequenceNumber, baseDecodeTimes, null, apply: true);

    private static bool Rewrite(Span<byte> fragment, uint sequenceNumber, ReadOnlySpan<TrackDecodeTime> times,
        ulong? allTracks, bool apply)
    {
        if (!TryBox(fragment, 0, out uint type, out int moofEnd, out int body) || type != FourCc.Moof) return false;
        bool sawMfhd = false;
        for (int pos = body; pos < moofEnd;)
        {
            if (!TryBox(fragment[..moofEnd], pos, out type, out int end, out int childBody)) return false;
            if (type == FourCc.Mfhd)
            {
                if (end - childBody < 8) return false;
                if (apply) BinaryPrimitives.WriteUInt32BigEndian(fragment[(childBody + 4)..], sequenceNumber);
                sawMfhd = true;
            }
            else if (type == FourCc.Traf && !RewriteTraf(fragment[childBody..end], times, allTracks, apply))
            {
                return false;
            }
            pos = end;
        }
        return sawMfhd;
    }

    private static bool RewriteTraf(Span<byte> traf, ReadOnlySpan<TrackDecodeTime> times, ulong? allTracks, bool apply)
    {
        uint trackId = 0;
        bool sawTfhd = false, sawTfdt = false;
        for (int pos = 0; pos < traf.Length;)
        {
            if (!TryBox(traf, pos, out uint type, out int end, out int body)) return false;
            if (type == FourCc.Tfhd)
            {
                if (end - body < 8) return false;
                trackId = BinaryPrimitives.ReadUInt32BigEndian(traf[(body + 4)..]);
                sawTfhd = true;
            }
            else if (type == FourCc.Tfdt)
            {
                if (!sawTfhd) return false;
                sawTfdt = true;
                ulong? time = allTracks;
                foreach (TrackDecodeTime t in times) if (t.TrackId == trackId) time = t.BaseDecodeTime;
                if (time is not { } value) { pos = end; continue; }
                int version = traf[body];
                if (version == 1 && end - body >= 12)
                {
                    if (apply) BinaryPrimitives.WriteUInt64BigEndian(traf[(body + 4)..], value);
                }
                else if (version == 0 && end - body >= 8 && value <= uint.MaxValue)
                {
                    if (apply) BinaryPrimitives.WriteUInt32BigEndian(traf[(body + 4)..], (uint)value);
                }
                else return false;
            }
            pos = end;
        }
        return sawTfhd && sawTfdt;
    }

    private static bool TryReadTraf(ReadOnlySpan<byte> traf, out TrackFragmentInfo info)
    {
        info = default;
        uint trackId = 0, defaultDuration = 0;
        ulong baseTime = 0, duration = 0;
        int samples = 0;
        bool sawTfhd = false, sawTfdt = false;
        for (int pos = 0; pos < traf.Length;)
        {
            if (!TryBox(traf, pos, out uint type, out int end, out int body)) return false;
            ReadOnlySpan<byte> box = traf[body..end];
            if (box.Length < 4)
            {
                if (type == FourCc.Tfhd || type == FourCc.Tfdt || type == FourCc.Trun) return false;
                pos = end;
                continue;
            }
            uint flags = BinaryPrimitives.ReadUInt32BigEndian(box) & 0xFFFFFF;
            int version = box[0];
            if (type == FourCc.Tfhd) // §8.8.7
            {
                if (box.Length < 8) return false;
                trackId = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                int at = 8 + ((flags & 0x1) != 0 ? 8 : 0) + ((flags & 0x2) != 0 ? 4 : 0);
                if ((flags & 0x8) != 0)
                {
                    if (box.Length < at + 4) return false;
                    defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(box[at..]);
                }
                sawTfhd = true;
            }
            else if (type == FourCc.Tfdt) // §8.8.12
            {
                if (version == 1 && box.Length >= 12) baseTime = BinaryPrimitives.ReadUInt64BigEndian(box[4..]);
                else if (version == 0 && box.Length >= 8) baseTime = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                else return false;
                sawTfdt = true;
            }
            else if (type == FourCc.Trun) // §8.8.8
            {
                if (box.Length < 8) return false;
                uint count = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                int at = 8 + ((flags & 0x1) != 0 ? 4 : 0) + ((flags & 0x4) != 0 ? 4 : 0);
                int perSample = 4 * (int)(((flags >> 8) & 1) + ((flags >> 9) & 1) + ((flags >> 10) & 1) + ((flags >> 11) & 1));
                if (count > int.MaxValue / 16 || box.Length < at + (long)perSample * count) return false;
                for (int i = 0; i < count; i++)
                {
                    duration += (flags & 0x100) != 0 ? BinaryPrimitives.ReadUInt32BigEndian(box[(at + i * perSample)..]) : defaultDuration;
                }
                samples += (int)count;
            }
            pos = end;
        }
        if (!sawTfhd || !sawTfdt) return false;
        info = new TrackFragmentInfo(trackId, baseTime, duration, samples);
        return true;
    }

    /// <summary>Reads a box header at <paramref name="pos"/>; 64-bit largesize and size 0 (to end) are supported.</summary>
    internal static bool TryBox(ReadOnlySpan<byte> data, int pos, out uint type, out int end, out int body)
    {
        type = 0; end = 0; body = 0;
        if (pos < 0 || data.Length - pos < 8) return false;
        ulong size = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
        type = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]);
        body = pos + 8;
        if (size == 1)
        {
            if (data.Length - pos < 16) return false;
            size = BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 8)..]);
            body = pos + 16;
        }
        else if (size == 0)
        {
            size = (ulong)(data.Length - pos);
        }
        if (size < (ulong)(body - pos) || size > (ulong)(data.Length - pos)) return false;
        end = pos + (int)size;
        return true;
    }
}
