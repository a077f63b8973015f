namespace VmsServices.Media.Mp4;

/// <summary>Where one track of a fragment is cut: samples decoding at or after <see cref="CutDecodeTime"/> go (track timescale).</summary>
public readonly record struct TrackCut(uint TrackId, ulong CutDecodeTime);

/// <summary>
/// Cuts the tail off a stored movie fragment without transcoding: the samples of each listed track
/// that decode before its cut are kept and written again as one moof + mdat
/// (<see cref="MediaFragment.Write"/>, ISO/IEC 14496-12 §8.8.4–§8.8.8) with the same tfdt,
/// sequence number, durations, flags and composition offsets. Used where two recordings hold the
/// same seconds: the later recording begins with a key frame, so cutting the earlier one just
/// before it leaves every kept frame decodable.
/// </summary>
public static class FragmentTrimmer
{
    /// <summary>
    /// Keeps a sample when its decode time is earlier than the cut by more than half its own
    /// duration (two recording servers anchor the same camera frame a few ms apart, so a frame
    /// that starts within half a frame of the cut is the next recording's first frame). The last
    /// kept sample's duration is shortened so it ends no later than the cut. Tracks not listed are
    /// kept whole. Returns null if the fragment is malformed, an empty array if no sample is left.
    /// </summary>
    public static byte[]? TrimTail(ReadOnlySpan<byte> fragment, ReadOnlySpan<TrackCut> cuts)
    {
        ParsedFragment? parsed = FragmentReader.TryRead(fragment);
        if (parsed is null) return null;
        var runs = new TrackRun[parsed.Tracks.Count];
        int kept = 0;
        for (int t = 0; t < parsed.Tracks.Count; t++)
        {
            TrackFragmentSamples track = parsed.Tracks[t];
            int count = track.Samples.Length;
            foreach (TrackCut cut in cuts)
                if (cut.TrackId == track.TrackId) count = KeptCount(track.Samples, cut.CutDecodeTime);
            var samples = track.Samples.AsSpan(0, count).ToArray();
            if (count > 0 && count < track.Samples.Length)
            {
                ulong cutAt = CutOf(cuts, track.TrackId);
                ref FragmentSample last = ref samples[count - 1];
                if (last.DecodeTime + last.DurationTicks > cutAt)
                    last = last with { DurationTicks = (uint)Math.Max(1, (long)(cutAt - last.DecodeTime)) };
            }
            runs[t] = new TrackRun(track.TrackId, samples, Gather(fragment, track, count));
            kept += count;
        }
        if (kept == 0) return [];
        using var output = new BoxWriter(fragment.Length);
        MediaFragment.Write(output, parsed.SequenceNumber, runs);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>How many samples (a prefix) decode earlier than <paramref name="cut"/> minus half their duration.</summary>
    public static int KeptCount(ReadOnlySpan<FragmentSample> samples, ulong cut)
    {
        int n = 0;
        // 2·dts + duration < 2·cut  ⇔  dts < cut − duration/2, without fractions.
        while (n < samples.Length && (UInt128)samples[n].DecodeTime * 2 + samples[n].DurationTicks < (UInt128)cut * 2) n++;
        return n;
    }

    /// <summary>Converts an instant in UTC microseconds to decode ticks of a track whose timeline is UTC (as recorded here).</summary>
    public static ulong UtcMicrosToTicks(long utcMicros, uint timescale) =>
        utcMicros <= 0 ? 0 : (ulong)((Int128)utcMicros * timescale / 1_000_000);

    private static ulong CutOf(ReadOnlySpan<TrackCut> cuts, uint trackId)
    {
        foreach (TrackCut cut in cuts) if (cut.TrackId == trackId) return cut.CutDecodeTime;
        return ulong.MaxValue;
    }

    private static byte[] Gather(ReadOnlySpan<byte> fragment, TrackFragmentSamples track, int count)
    {
        long total = 0;
        for (int i = 0; i < count; i++) total += track.Samples[i].SizeBytes;
        var data = new byte[total];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            int size = track.Samples[i].SizeBytes;
            fragment.Slice(track.DataOffsets[i], size).CopyTo(data.AsSpan(at));
            at += size;
        }
        return data;
    }
}
