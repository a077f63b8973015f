namespace VmsServices.Media.Mp4;

/// <summary>
/// One sample of a track fragment run. Only the first sample's <see cref="DecodeTime"/> is
/// stored (tfdt); later decode times follow from the durations (ISO/IEC 14496-12 §8.8.12).
/// </summary>
public readonly record struct FragmentSample(
    ulong DecodeTime,
    uint DurationTicks,
    int SizeBytes,
    bool IsKeyFrame,
    int CompositionOffsetTicks = 0);

/// <summary>
/// The samples of one track in one fragment: descriptors plus their bytes concatenated in the
/// same order (video in 4-byte length-prefixed form, ISO/IEC 14496-15 §5.3.2). For
/// <see cref="MediaFragment.WriteHeader"/> only the length of the bytes is needed.
/// </summary>
public readonly struct TrackRun
{
    public TrackRun(uint trackId, ReadOnlyMemory<FragmentSample> samples, ReadOnlyMemory<byte> data)
        : this(trackId, samples, data.Length) => Data = data;

    /// <summary>A run whose <paramref name="dataLength"/> bytes the caller writes after the header itself.</summary>
    public TrackRun(uint trackId, ReadOnlyMemory<FragmentSample> samples, long dataLength)
    {
        TrackId = trackId;
        Samples = samples;
        DataLength = dataLength;
    }

    public uint TrackId { get; }
    public ReadOnlyMemory<FragmentSample> Samples { get; }
    public ReadOnlyMemory<byte> Data { get; }
    public long DataLength { get; }
}

/// <summary>
/// Writes one movie fragment: moof (mfhd, one traf per non-empty track with tfhd, tfdt, trun) +
/// mdat (ISO/IEC 14496-12 §8.8.4–§8.8.12, §8.1.1). Offsets are relative to the moof
/// (default-base-is-moof), so the bytes can be stored at any file offset and later served after
/// any init segment.
/// </summary>
public static class MediaFragment
{
    /// <summary>tfhd flag default-base-is-moof, §8.8.7.1.</summary>
    public const uint TfhdDefaultBaseIsMoof = 0x020000;
    /// <summary>trun flags, §8.8.8.1.</summary>
    public const uint TrunDataOffsetPresent = 0x000001, TrunSampleDurationPresent = 0x000100,
        TrunSampleSizePresent = 0x000200, TrunSampleFlagsPresent = 0x000400,
        TrunSampleCompositionTimeOffsetsPresent = 0x000800;

    /// <summary>
    /// Sample flags, §8.8.3.1: sync sample = sample_depends_on 2 (independent); non-sync =
    /// sample_depends_on 1 and sample_is_non_sync_sample 1.
    /// </summary>
    public const uint SyncSampleFlags = 0x02000000, NonSyncSampleFlags = 0x01010000;

    public static uint SampleFlags(bool isKeyFrame) => isKeyFrame ? SyncSampleFlags : NonSyncSampleFlags;

    /// <summary>
    /// Appends moof + mdat to <paramref name="output"/>. Tracks without samples are omitted.
    /// Returns the size of the moof box in bytes (the mdat follows it directly).
    /// </summary>
    public static int Write(BoxWriter output, uint sequenceNumber, ReadOnlySpan<TrackRun> tracks)
    {
        foreach (TrackRun run in tracks)
            if (run.Data.Length != run.DataLength) throw new ArgumentException($"Track {run.TrackId}: the run carries no data to write.", nameof(tracks));
        int moofSizeBytes = WriteHeader(output, sequenceNumber, tracks);
        foreach (TrackRun run in tracks) output.WriteBytes(run.Data.Span);
        return moofSizeBytes;
    }

    /// <summary>
    /// Appends moof and the 8-byte mdat header: the tracks' data, in track order, must follow them
    /// (the caller writes it, e.g. from where the samples were collected). Returns the moof's size.
    /// </summary>
    public static int WriteHeader(BoxWriter output, uint sequenceNumber, ReadOnlySpan<TrackRun> tracks)
    {
        long mdatPayloadBytes = 0;
        foreach (TrackRun run in tracks)
        {
            long sum = 0;
            foreach (FragmentSample s in run.Samples.Span)
            {
                if (s.SizeBytes < 0) throw new ArgumentException("Negative sample size.", nameof(tracks));
                sum += s.SizeBytes;
            }
            if (sum != run.DataLength)
                throw new ArgumentException($"Track {run.TrackId}: sample sizes ({sum}) != data length ({run.DataLength}).", nameof(tracks));
            mdatPayloadBytes += sum;
        }
        if (mdatPayloadBytes + 8 > uint.MaxValue) throw new ArgumentException("Fragment too large for a 32-bit mdat.");

        int moofStart = output.BeginBox(FourCc.Moof);
        int mfhd = output.BeginFullBox(FourCc.Mfhd, 0, 0); // §8.8.5
        output.WriteUInt32(sequenceNumber);
        output.EndBox(mfhd);

        Span<int> dataOffsetPositions = tracks.Length <= 16 ? stackalloc int[tracks.Length] : new int[tracks.Length];
        for (int i = 0; i < tracks.Length; i++)
        {
            dataOffsetPositions[i] = -1;
            ReadOnlySpan<FragmentSample> samples = tracks[i].Samples.Span;
            if (samples.IsEmpty) continue;
            int traf = output.BeginBox(FourCc.Traf);

            int tfhd = output.BeginFullBox(FourCc.Tfhd, 0, TfhdDefaultBaseIsMoof); // §8.8.7
            output.WriteUInt32(tracks[i].TrackId);
            output.EndBox(tfhd);

            int tfdt = output.BeginFullBox(FourCc.Tfdt, 1, 0); // §8.8.12, version 1: 64-bit time
            output.WriteUInt64(samples[0].DecodeTime);
            output.EndBox(tfdt);

            bool hasOffsets = false;
            foreach (FragmentSample s in samples) hasOffsets |= s.CompositionOffsetTicks != 0;
            uint flags = TrunDataOffsetPresent | TrunSampleDurationPresent | TrunSampleSizePresent | TrunSampleFlagsPresent
                | (hasOffsets ? TrunSampleCompositionTimeOffsetsPresent : 0);
            // version 1 = signed composition offsets (§8.8.8.2)
            int trun = output.BeginFullBox(FourCc.Trun, hasOffsets ? (byte)1 : (byte)0, flags);
            output.WriteUInt32((uint)samples.Length);
            dataOffsetPositions[i] = output.LengthBytes;
            output.WriteInt32(0);                       // data_offset, patched below
            foreach (FragmentSample s in samples)
            {
                output.WriteUInt32(s.DurationTicks);
                output.WriteUInt32((uint)s.SizeBytes);
                output.WriteUInt32(SampleFlags(s.IsKeyFrame));
                if (hasOffsets) output.WriteInt32(s.CompositionOffsetTicks);
            }
            output.EndBox(trun);
            output.EndBox(traf);
        }
        output.EndBox(moofStart);
        int moofSizeBytes = output.LengthBytes - moofStart;

        // data_offset is relative to the first byte of the moof (default-base-is-moof); the data
        // follows the 8-byte mdat header in track order (§8.1.1).
        long dataAt = moofSizeBytes + 8;
        for (int i = 0; i < tracks.Length; i++)
        {
            if (dataOffsetPositions[i] < 0) continue;
            output.PatchUInt32(dataOffsetPositions[i], (uint)dataAt);
            dataAt += tracks[i].DataLength;
        }
        output.WriteUInt32((uint)(mdatPayloadBytes + 8));
        output.WriteUInt32(FourCc.Mdat);
        return moofSizeBytes;
    }
}
