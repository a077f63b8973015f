namespace VmsServices.Media.Mp4;

/// <summary>
/// Re-times consecutive stored fragments (possibly recorded by different servers, each with its
/// own timeline) into one continuous stream behind a single init segment, without touching the
/// media data: per fragment it rewrites mfhd sequence_number (§8.8.5) and tfdt (§8.8.12).
/// The first traf's track (normally video) is the reference: each fragment is shifted so that
/// it starts where the previous one ended, and the other tracks are shifted by the same amount
/// of wall time, which keeps audio/video sync inside each fragment.
/// </summary>
public sealed class FragmentStitcher
{
    private const int MaxTracks = 16;
    private readonly uint[] _trackIds;
    private readonly uint[] _timescales;
    private readonly bool _startAtZero;
    private uint _nextSequence;
    private uint _referenceTrackId;
    private ulong _referenceNextTime;
    private double _shiftSeconds;
    private bool _started;

    /// <param name="tracks">The tracks of the init segment that will be served.</param>
    /// <param name="startAtZero">Shift the first fragment so the stream starts at decode time 0.</param>
    public FragmentStitcher(IReadOnlyList<Mp4Track> tracks, uint firstSequenceNumber = 1, bool startAtZero = true)
    {
        if (tracks.Count is 0 or > MaxTracks) throw new ArgumentException($"1..{MaxTracks} tracks are supported.", nameof(tracks));
        _trackIds = tracks.Select(t => t.TrackId).ToArray();
        _timescales = tracks.Select(t => t.Timescale).ToArray();
        _nextSequence = firstSequenceNumber;
        _startAtZero = startAtZero;
    }

    /// <summary>Sequence number the next appended fragment will get.</summary>
    public uint NextSequenceNumber => _nextSequence;

    /// <summary>
    /// Rewrites <paramref name="fragment"/> (a copy of a stored moof+mdat) in place so it continues
    /// the stitched timeline. Returns false (fragment unchanged, state unchanged) if it is malformed
    /// or references a track that is not in the init segment.
    /// </summary>
    public bool TryAppend(Span<byte> fragment)
    {
        Span<TrackFragmentInfo> infos = stackalloc TrackFragmentInfo[MaxTracks];
        int count = FragmentRewriter.ReadTrackFragments(fragment, infos, out _);
        if (count <= 0) return false;
        infos = infos[..count];

        uint referenceId = _started ? _referenceTrackId : infos[0].TrackId;
        double shiftSeconds = _shiftSeconds;
        int referenceIndex = -1;
        for (int i = 0; i < count; i++) if (infos[i].TrackId == referenceId) referenceIndex = i;
        if (referenceIndex >= 0)
        {
            TrackFragmentInfo r = infos[referenceIndex];
            ulong target = _started ? _referenceNextTime : (_startAtZero ? 0 : r.BaseDecodeTime);
            shiftSeconds = ((double)target - r.BaseDecodeTime) / TimescaleOf(r.TrackId);
        }

        Span<TrackDecodeTime> times = stackalloc TrackDecodeTime[count];
        for (int i = 0; i < count; i++)
        {
            uint timescale = TimescaleOf(infos[i].TrackId);
            if (timescale == 0) return false;
            double shifted = Math.Round(infos[i].BaseDecodeTime + shiftSeconds * timescale);
            times[i] = new TrackDecodeTime(infos[i].TrackId, shifted <= 0 ? 0 : (ulong)shifted);
        }
        if (!FragmentRewriter.TryRewrite(fragment, _nextSequence, times)) return false;

        _nextSequence++;
        _shiftSeconds = shiftSeconds;
        _referenceTrackId = referenceId;
        _started = true;
        if (referenceIndex >= 0) _referenceNextTime = times[referenceIndex].BaseDecodeTime + infos[referenceIndex].DurationTicks;
        return true;
    }

    private uint TimescaleOf(uint trackId)
    {
        int index = Array.IndexOf(_trackIds, trackId);
        return index < 0 ? 0 : _timescales[index];
    }
}
