using System.Buffers.Binary;

namespace VmsServices.Media.Mp4;

/// <summary>
/// The sample table of one track in a movie fragment: every sample with its decode time
/// (tfdt + preceding durations, ISO/IEC 14496-12 §8.8.12) and the offset of its bytes in the
/// fragment (moof + mdat span as stored).
/// </summary>
public sealed record TrackFragmentSamples(uint TrackId, FragmentSample[] Samples, int[] DataOffsets);

/// <summary>A parsed movie fragment: mfhd sequence number (§8.8.5) and one entry per traf.</summary>
public sealed record ParsedFragment(uint SequenceNumber, IReadOnlyList<TrackFragmentSamples> Tracks, int LengthBytes);

/// <summary>
/// Reads the sample tables of a moof (followed by its mdat) as any writer may have laid them out:
/// tfhd base_data_offset or default-base-is-moof or the implicit base (§8.8.7.1), several truns
/// per traf with or without data_offset, per-sample or default durations/sizes/flags (§8.8.8).
/// Sample bytes are not copied; <see cref="TrackFragmentSamples.DataOffsets"/> point into the span.
/// </summary>
public static class FragmentReader
{
    private const uint TfhdBaseDataOffset = 0x1, TfhdSampleDescriptionIndex = 0x2, TfhdDefaultDuration = 0x8,
        TfhdDefaultSize = 0x10, TfhdDefaultFlags = 0x20;
    private const uint TrunFirstSampleFlags = 0x4;

    /// <summary>Parses the fragment at the start of <paramref name="fragment"/>; null if malformed or a sample lies outside the span.</summary>
    public static ParsedFragment? TryRead(ReadOnlySpan<byte> fragment)
    {
        if (!FragmentRewriter.TryBox(fragment, 0, out uint type, out int moofEnd, out int body) || type != FourCc.Moof) return null;
        int length = moofEnd;
        // The mdat (if present) follows the moof; the fragment ends with it.
        if (FragmentRewriter.TryBox(fragment, moofEnd, out uint next, out int mdatEnd, out _) && next == FourCc.Mdat) length = mdatEnd;
        uint sequence = 0;
        bool sawMfhd = false;
        var tracks = new List<TrackFragmentSamples>();
        long previousTrafDataEnd = 0; // implicit base of a later traf: end of the previous traf's data (§8.8.7.1)
        for (int pos = body; pos < moofEnd;)
        {
            if (!FragmentRewriter.TryBox(fragment[..moofEnd], pos, out type, out int end, out int childBody)) return null;
            if (type == FourCc.Mfhd)
            {
                if (end - childBody < 8) return null;
                sequence = BinaryPrimitives.ReadUInt32BigEndian(fragment[(childBody + 4)..]);
                sawMfhd = true;
            }
            else if (type == FourCc.Traf)
            {
                TrackFragmentSamples? track = ReadTraf(fragment[childBody..end], tracks.Count == 0 ? 0 : previousTrafDataEnd, length, out long dataEnd);
                if (track is null) return null;
                tracks.Add(track);
                previousTrafDataEnd = dataEnd;
            }
            pos = end;
        }
        return sawMfhd ? new ParsedFragment(sequence, tracks, length) : null;
    }

    private static TrackFragmentSamples? ReadTraf(ReadOnlySpan<byte> traf, long implicitBase, int fragmentLength, out long dataEnd)
    {
        dataEnd = implicitBase;
        uint trackId = 0, tfhdFlags = 0, defaultDuration = 0, defaultSize = 0, defaultFlags = 0;
        long baseOffset = implicitBase;
        ulong decodeTime = 0;
        bool sawTfhd = false, sawTfdt = false;
        var samples = new List<FragmentSample>();
        var offsets = new List<int>();
        long cursor = -1; // where the next trun's data starts when it has no data_offset
        for (int pos = 0; pos < traf.Length;)
        {
            if (!FragmentRewriter.TryBox(traf, pos, out uint type, out int end, out int body)) return null;
            ReadOnlySpan<byte> box = traf[body..end];
            if (type == FourCc.Tfhd) // §8.8.7
            {
                if (box.Length < 8) return null;
                tfhdFlags = BinaryPrimitives.ReadUInt32BigEndian(box) & 0xFFFFFF;
                trackId = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                int at = 8;
                if (!Field(box, ref at, (tfhdFlags & TfhdBaseDataOffset) != 0, 8, out ulong baseData)) return null;
                if ((tfhdFlags & TfhdBaseDataOffset) != 0) baseOffset = (long)baseData;
                else if ((tfhdFlags & MediaFragment.TfhdDefaultBaseIsMoof) != 0) baseOffset = 0;
                if (!Field(box, ref at, (tfhdFlags & TfhdSampleDescriptionIndex) != 0, 4, out _)
                    || !Field(box, ref at, (tfhdFlags & TfhdDefaultDuration) != 0, 4, out ulong d)
                    || !Field(box, ref at, (tfhdFlags & TfhdDefaultSize) != 0, 4, out ulong s)
                    || !Field(box, ref at, (tfhdFlags & TfhdDefaultFlags) != 0, 4, out ulong f)) return null;
                (defaultDuration, defaultSize, defaultFlags) = ((uint)d, (uint)s, (uint)f);
                sawTfhd = true;
            }
            else if (type == FourCc.Tfdt) // §8.8.12
            {
                if (box.Length >= 12 && box[0] == 1) decodeTime = BinaryPrimitives.ReadUInt64BigEndian(box[4..]);
                else if (box.Length >= 8 && box[0] == 0) decodeTime = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                else return null;
                sawTfdt = true;
            }
            else if (type == FourCc.Trun) // §8.8.8
            {
                if (!sawTfhd || box.Length < 8) return null;
                uint flags = BinaryPrimitives.ReadUInt32BigEndian(box) & 0xFFFFFF;
                bool signedOffsets = box[0] == 1;
                uint count = BinaryPrimitives.ReadUInt32BigEndian(box[4..]);
                int at = 8;
                if (!Field(box, ref at, (flags & MediaFragment.TrunDataOffsetPresent) != 0, 4, out ulong rawOffset)) return null;
                bool hasFirstFlags = (flags & TrunFirstSampleFlags) != 0;
                if (!Field(box, ref at, hasFirstFlags, 4, out ulong firstFlags)) return null;
                long dataAt = (flags & MediaFragment.TrunDataOffsetPresent) != 0 ? baseOffset + (int)(uint)rawOffset
                    : cursor >= 0 ? cursor : baseOffset;
                for (uint i = 0; i < count; i++)
                {
                    if (!Field(box, ref at, (flags & MediaFragment.TrunSampleDurationPresent) != 0, 4, out ulong dur)
                        || !Field(box, ref at, (flags & MediaFragment.TrunSampleSizePresent) != 0, 4, out ulong size)
                        || !Field(box, ref at, (flags & MediaFragment.TrunSampleFlagsPresent) != 0, 4, out ulong sampleFlags)
                        || !Field(box, ref at, (flags & MediaFragment.TrunSampleCompositionTimeOffsetsPresent) != 0, 4, out ulong cto)) return null;
                    uint duration = (flags & MediaFragment.TrunSampleDurationPresent) != 0 ? (uint)dur : defaultDuration;
                    uint sizeBytes = (flags & MediaFragment.TrunSampleSizePresent) != 0 ? (uint)size : defaultSize;
                    uint sFlags = (flags & MediaFragment.TrunSampleFlagsPresent) != 0 ? (uint)sampleFlags
                        : i == 0 && hasFirstFlags ? (uint)firstFlags
                        : (tfhdFlags & TfhdDefaultFlags) != 0 ? defaultFlags : MediaFragment.SyncSampleFlags;
                    int offset = signedOffsets ? (int)(uint)cto : (int)Math.Min((uint)cto, int.MaxValue);
                    if (dataAt < 0 || dataAt + sizeBytes > fragmentLength) return null;
                    samples.Add(new FragmentSample(decodeTime, duration, (int)sizeBytes, IsSync(sFlags), offset));
                    offsets.Add((int)dataAt);
                    decodeTime += duration;
                    dataAt += sizeBytes;
                }
                cursor = dataAt;
                dataEnd = Math.Max(dataEnd, dataAt);
            }
            pos = end;
        }
        return sawTfhd && sawTfdt ? new TrackFragmentSamples(trackId, samples.ToArray(), offsets.ToArray()) : null;
    }

    /// <summary>sample_is_non_sync_sample (bit 16 of sample flags, §8.8.3.1) clear = sync sample.</summary>
    private static bool IsSync(uint sampleFlags) => (sampleFlags & 0x00010000) == 0;

    private static bool Field(ReadOnlySpan<byte> box, ref int at, bool present, int size, out ulong value)
    {
        value = 0;
        if (!present) return true;
        if (box.Length < at + size) return false;
        value = size == 8 ? BinaryPrimitives.ReadUInt64BigEndian(box[at..]) : BinaryPrimitives.ReadUInt32BigEndian(box[at..]);
        at += size;
        return true;
    }
}
