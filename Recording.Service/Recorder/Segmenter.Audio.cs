using VmsServices.Media;
using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Audio (AAC, G.711) of a session: stored as its own data type in an audio-only fMP4, cut at the
/// same wall-clock instants as the video segments. Each audio track maps its RTP timestamps to
/// the session timeline: through its own RTCP sender reports when the video timeline is anchored
/// on the sender-report clock (both tracks report the same camera NTP clock, RFC 3550 §6.4.1),
/// otherwise at arrival next to the newest video frame (lip sync within about one frame interval).
/// </summary>
public sealed partial class Segmenter
{
    private const int MaxQueuedAudioSamples = 4096;

    private sealed class AudioTrack(Mp4Track track, int clockRate)
    {
        public Mp4Track Track { get; } = track;
        public int ClockRate { get; } = clockRate;
        public bool Anchored;
        public long AnchorTs;
        public long AnchorWall;
        public long LastTs;
        public long LastDelta;

        /// <summary>Frame duration in RTP ticks assumed when no later sample tells: AAC 1024 samples, G.711 20 ms packets.</summary>
        public long DefaultDelta => Track.Codec == Codec.Aac
            ? TimeMath.Scale(1024, ClockRate, Math.Max(1, Track.SampleRate))
            : ClockRate / 50;
    }

    private readonly int[] _audioSlot;
    private AudioTrack[] _audio = [];
    private Mp4Track[] _audioTracks = [];
    private FragmentBuilder? _audioBuilder;
    private BoxWriter? _audioOut;
    private FragmentBytes _audioFragment;
    private AudioQueue? _audioQueue;
    private uint _audioSequence = 1;

    /// <summary>The audio tracks of the audio file (track_IDs 1..n), empty when the camera sends no usable audio.</summary>
    public IReadOnlyList<Mp4Track> AudioTracks => _audioTracks;

    private void InitAudio(IReadOnlyList<TrackInfo> tracks)
    {
        var audio = new List<AudioTrack>();
        for (int i = 0; i < tracks.Count; i++)
        {
            _audioSlot[i] = -1;
            TrackInfo info = tracks[i];
            if (info.IsVideo) continue;
            if (!Mp4Track.TryCreate(info, (uint)audio.Count + 1, out Mp4Track? track, out string? error))
            {
                _warnings.Add($"audio track {i} ({info.Codec}) not recorded: {error}");
                continue;
            }
            _audioSlot[i] = audio.Count;
            audio.Add(new AudioTrack(track!, info.ClockRate));
        }
        if (audio.Count == 0) return;
        _audio = audio.ToArray();
        _audioTracks = audio.Select(a => a.Track).ToArray();
        _audioBuilder = new FragmentBuilder(_audioTracks);
        _audioOut = new BoxWriter(16 * 1024);
        _audioQueue = new AudioQueue();
    }

    private void AddAudio(in MediaSample s)
    {
        if ((uint)s.TrackIndex >= (uint)_audioSlot.Length) return;
        int slot = _audioSlot[s.TrackIndex];
        if (slot < 0) return;
        if (!_timeline.IsAnchored || _needAnchor) return; // nothing to attach it to before the first video key frame
        AudioTrack a = _audio[slot];
        long ts = s.RtpTimestamp;
        long delta = ts - a.LastTs;
        if (!a.Anchored || delta < 0 || delta > TimeMath.Scale(_maxJumpMicros, a.ClockRate, 1_000_000))
        {
            a.AnchorTs = ts;
            a.AnchorWall = _timeline.Source == AnchorSource.SenderReport && s.CaptureUtcMicros is { } c
                ? c + _timeline.ShiftMicros
                : _lastVideoWallUtc;
            a.Anchored = true;
        }
        else if (delta > 0)
        {
            a.LastDelta = delta;
        }
        a.LastTs = ts;
        long wall = a.AnchorWall + TimeMath.Scale(ts - a.AnchorTs, 1_000_000, a.ClockRate);
        if (_inSegment && wall < _segStartUtc) return; // before the segment being built: no place for it
        if (_audioQueue!.Count >= MaxQueuedAudioSamples) _audioQueue.Clear(); // video stalled: drop, don't grow
        _audioQueue.Enqueue(slot, ts, wall, s.Data.Span);
    }

    /// <summary>Moves the queued audio with [start, end) into the audio fragment; returns the sample count.</summary>
    private int FlushAudio(long startUtc, long endUtc)
    {
        AudioQueue? queue = _audioQueue;
        if (queue is null || queue.Count == 0) return 0;
        // Durations come from the next queued sample of the same track; the last one of a track
        // (its successor not received yet) gets the previous interval, as audio frames are regular.
        Span<long> nextTs = _audio.Length <= 16 ? stackalloc long[_audio.Length] : new long[_audio.Length];
        nextTs.Fill(long.MinValue);
        for (int i = queue.Count - 1; i >= 0; i--)
        {
            ref AudioQueue.Entry item = ref queue[i];
            AudioTrack a = _audio[item.Slot];
            long delta = nextTs[item.Slot] == long.MinValue ? 0 : nextTs[item.Slot] - item.RtpTimestamp;
            if (delta <= 0 || delta > TimeMath.Scale(_maxJumpMicros, a.ClockRate, 1_000_000))
                delta = a.LastDelta > 0 ? a.LastDelta : a.DefaultDelta;
            item.DurationTicks = delta;
            nextTs[item.Slot] = item.RtpTimestamp;
        }
        int count = 0;
        for (int i = 0; i < queue.Count; i++)
        {
            ref AudioQueue.Entry item = ref queue[i];
            if (item.WallUtcMicros < startUtc || item.WallUtcMicros >= endUtc) continue;
            Mp4Track track = _audio[item.Slot].Track;
            ulong decodeTime = (ulong)TimeMath.Scale(item.WallUtcMicros, track.Timescale, 1_000_000);
            uint duration = (uint)TimeMath.Scale(item.DurationTicks, track.Timescale, _audio[item.Slot].ClockRate);
            _audioBuilder!.AddSample(item.Slot, decodeTime, duration, isKeyFrame: true, queue.Data(item));
            count++;
        }
        queue.RemoveBefore(endUtc);
        if (count == 0) return 0;
        _audioOut!.Reset();
        _audioFragment = _audioBuilder!.WritePieces(_audioOut, _audioSequence++);
        _audioBuilder.Clear();
        return count;
    }

    /// <summary>The video timeline moved (drift re-anchor): audio follows it to keep lip sync.</summary>
    private void ShiftAudio(long deltaMicros)
    {
        if (deltaMicros == 0) return;
        foreach (AudioTrack a in _audio) a.AnchorWall += deltaMicros;
        _audioQueue?.Shift(deltaMicros);
    }

    /// <summary>The video timeline was (re-)anchored after a discontinuity: audio anchors again too.</summary>
    private void ResetAudio()
    {
        foreach (AudioTrack a in _audio) a.Anchored = false;
        _audioQueue?.Clear();
    }

    private void DisposeAudio()
    {
        _audioBuilder?.Dispose();
        _audioOut?.Dispose();
        _audioQueue?.Dispose();
    }
}
