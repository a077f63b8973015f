using System.Buffers;
using VmsServices.Media;
using VmsServices.Media.Mp4;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Cuts the samples of one RTSP session into segments (docs/design/time.md). Pure: no I/O, the
/// clock is injected. A segment begins on a video key frame and ends at the first key frame at
/// or after <see cref="RecorderOptions.SegmentTargetDuration"/>, or earlier when the codec
/// parameters change, the RTP timestamps jump (the next segment is then AfterGap) or it grows
/// beyond <see cref="RecorderOptions.MaxSegmentBytes"/>. A sample's duration is the RTP delta to the
/// next sample, so a segment is emitted when the sample after its last one arrives. Audio tracks
/// are cut at the same wall-clock instants into their own fragment. Not thread-safe; steady state
/// allocates nothing per sample (pooled buffers, reused builders and output).
/// </summary>
public sealed partial class Segmenter : IDisposable
{
    private readonly TimeProvider _time;
    private readonly int _videoIndex;
    private readonly TrackInfo _videoInfo;
    private readonly SessionTimeline _timeline;
    private readonly long _targetTicks;
    private readonly long _maxJumpMicros;
    private readonly long _maxJumpTicks;
    private readonly int _maxSegmentBytes;
    private readonly FragmentBuilder _videoBuilder = new([1u]);
    private readonly BoxWriter _videoOut = new(16 * 1024); // moof + mdat header
    private readonly RecordedSegment _segment = new();
    private readonly List<string> _warnings = [];

    // The newest video sample: its duration is known only when the next one arrives.
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(128 * 1024);
    private int _pendingLength;
    private long _pendingTs;
    private bool _pendingKey;

    private bool _inSegment;
    private long _segStartTs;
    private long _segStartUtc;
    private ulong _segDecodeTime;
    private SegmentFlags _segFlags;
    private long _segBytes;
    private long _segReanchored;
    private long _segDrift;
    // The largest (timeline - arrival) of the video samples since the last boundary: delivery delays
    // only make arrivals later, so the least delayed sample is the best reading of the clock offset.
    private long _bestDrift = long.MinValue;

    private bool _hasLastTs;
    private long _lastTs;
    private long _lastDelta;
    private bool _needAnchor = true;
    private bool _afterGap;
    private long _lastEndUtc;
    private long _lastVideoWallUtc;
    private uint _sequence = 1;
    private Mp4Track? _videoTrack;
    private byte[][] _videoSets = [];

    /// <param name="tracks">The session's tracks (RtspSession.Tracks); the first video track is recorded.</param>
    /// <param name="notBeforeUtcMicros">End of the device's previous segment on this server: no segment starts before it.</param>
    /// <param name="startsAfterGap">Flag the first segment AfterGap (the recorder was interrupted before this session).</param>
    public Segmenter(IReadOnlyList<TrackInfo> tracks, RecorderOptions options, TimeProvider time,
        long notBeforeUtcMicros = long.MinValue, bool startsAfterGap = false)
    {
        _time = time;
        _videoIndex = -1;
        for (int i = 0; i < tracks.Count && _videoIndex < 0; i++)
            if (tracks[i].IsVideo) _videoIndex = i;
        if (_videoIndex < 0) throw new ArgumentException("The session has no H.264/H.265 video track.", nameof(tracks));
        _videoInfo = tracks[_videoIndex];
        _timeline = new SessionTimeline(_videoInfo.ClockRate, Micros(options.MaxClockDrift));
        _targetTicks = TimeMath.Scale(Micros(options.SegmentTargetDuration), _videoInfo.ClockRate, 1_000_000);
        _maxJumpMicros = Micros(options.MaxTimestampJump);
        _maxJumpTicks = TimeMath.Scale(_maxJumpMicros, _videoInfo.ClockRate, 1_000_000);
        _maxSegmentBytes = options.MaxSegmentBytes;
        _lastEndUtc = notBeforeUtcMicros;
        _afterGap = startsAfterGap;
        _audioSlot = new int[tracks.Count];
        InitAudio(tracks);
    }

    /// <summary>How the session's timeline is anchored to wall time.</summary>
    public AnchorSource AnchorSource => _timeline.Source;

    /// <summary>End of the last emitted segment (or the notBefore bound given at construction).</summary>
    public long LastEndUtcMicros => _lastEndUtc;

    /// <summary>Video frames dropped because no segment could hold them (before the first key frame, after a gap).</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Problems that did not stop recording (e.g. an audio track without a usable configuration).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Feeds one sample (copied; its buffer may be reused after this returns). Returns a finished segment,
    /// valid until the next call, or null.
    /// </summary>
    public RecordedSegment? Add(in MediaSample sample)
    {
        if (sample.TrackIndex == _videoIndex) return AddVideo(sample);
        AddAudio(sample);
        return null;
    }

    private RecordedSegment? AddVideo(in MediaSample s)
    {
        long ts = s.RtpTimestamp;
        long delta = ts - _lastTs;
        // A backward step or a big forward one is a discontinuity (camera restart, clock reset, long
        // loss): a gap, never papered over. Extended timestamps already absorb the 2^32 wraparound.
        bool jump = _hasLastTs && (delta < 0 || delta > _maxJumpTicks);
        _hasLastTs = true;
        _lastTs = ts;

        if (!_inSegment)
        {
            if (jump)
            {
                _needAnchor = true;
                _afterGap = true;
            }
            if (s.IsKeyFrame) StartSegment(s, VideoParametersChanged());
            else DroppedFrames++;
            return null;
        }

        if (jump)
        {
            // The last sample's true duration is unknowable; assume the previous frame interval.
            RecordedSegment cut = Emit(_pendingTs + (_lastDelta > 0 ? _lastDelta : _timeline.ClockRate / 25));
            _needAnchor = true;
            _afterGap = true;
            if (s.IsKeyFrame) StartSegment(s, VideoParametersChanged());
            else DroppedFrames++;
            return cut;
        }

        if (delta > 0) _lastDelta = delta;
        _lastVideoWallUtc = _timeline.ToUtcMicros(ts);
        _bestDrift = Math.Max(_bestDrift, _lastVideoWallUtc - TimeMath.NowUtcMicros(_time));
        bool changed = s.IsKeyFrame && VideoParametersChanged();
        if (s.IsKeyFrame && (ts - _segStartTs >= _targetTicks || changed))
        {
            RecordedSegment cut = Emit(ts);
            StartSegment(s, changed);
            return cut;
        }
        if (_segBytes + s.Data.Length > _maxSegmentBytes)
        {
            // No key frame for far too long: close what we have; the frames until the next key frame are lost.
            RecordedSegment cut = Emit(ts);
            _afterGap = true;
            DroppedFrames++;
            return cut;
        }
        AddPendingToBuilder(ts);
        SetPending(s);
        return null;
    }

    private void StartSegment(in MediaSample s, bool parametersChanged)
    {
        if ((parametersChanged || _videoTrack is null) && !UpdateVideoTrack())
        {
            DroppedFrames++;
            return;
        }
        long now = TimeMath.NowUtcMicros(_time);
        long ts = s.RtpTimestamp;
        long start;
        _segReanchored = 0;
        if (_needAnchor || !_timeline.IsAnchored)
        {
            start = _timeline.Anchor(ts, s.CaptureUtcMicros, now, _lastEndUtc);
            _segDrift = 0;
            _needAnchor = false;
            ResetAudio();
        }
        else
        {
            start = _timeline.ToUtcMicros(ts);
            // Judged on the least delayed sample of the last segment, not on this one alone: a camera or
            // network that stalls a second and then catches up delivers this key frame late, but its
            // clock did not move, and re-anchoring on it would leave a hole of the stall's length.
            _segDrift = Math.Max(_bestDrift, start - now);
            if (_timeline.IsBeyondDriftBound(_segDrift))
            {
                // Re-anchor only at a boundary, and never before the previous end (no overlap): a timeline
                // that runs behind jumps forward (a hole in wall time, not a data gap); one that runs ahead
                // cannot be pulled back within the session (see docs/design/time.md).
                long moved = _timeline.Anchor(ts, s.CaptureUtcMicros, start - _segDrift, _lastEndUtc) - start;
                start += moved;
                _segReanchored = moved;
                ShiftAudio(moved);
            }
        }
        _bestDrift = long.MinValue;
        _inSegment = true;
        _segStartTs = ts;
        _segStartUtc = start;
        _lastVideoWallUtc = start;
        _segDecodeTime = (ulong)TimeMath.Scale(start, _videoTrack!.Timescale, 1_000_000);
        _segFlags = _afterGap ? SegmentFlags.AfterGap : SegmentFlags.None;
        _afterGap = false;
        _segBytes = 0;
        SetPending(s);
    }

    private RecordedSegment Emit(long endTs)
    {
        AddPendingToBuilder(endTs);
        long end = _timeline.ToUtcMicros(endTs);
        _videoOut.Reset();
        int frames = _videoBuilder.SampleCount(0);
        // No copy of the samples: the fragment is the header plus the builder's chunks, written to the
        // file before the next sample is added (the session awaits the write).
        FragmentBytes video = _videoBuilder.WritePieces(_videoOut, _sequence);
        _videoBuilder.Clear();
        _segment.StartUtcMicros = _segStartUtc;
        _segment.EndUtcMicros = end;
        _segment.Flags = _segFlags;
        _segment.VideoFragment = video;
        _segment.VideoFrames = frames;
        _segment.VideoTrack = _videoTrack!;
        _segment.ReanchoredMicros = _segReanchored;
        _segment.DriftMicros = _segDrift;
        _segment.AudioFrames = FlushAudio(_segStartUtc, end);
        _segment.AudioFragment = _segment.AudioFrames > 0 ? _audioFragment : default;
        _sequence++;
        _lastEndUtc = end;
        _inSegment = false;
        return _segment;
    }

    private void AddPendingToBuilder(long nextTs)
    {
        uint timescale = _videoTrack!.Timescale;
        int clock = _timeline.ClockRate;
        // Positions relative to the segment start, scaled as a whole, so rounding never accumulates.
        long at = TimeMath.Scale(_pendingTs - _segStartTs, timescale, clock);
        long next = TimeMath.Scale(nextTs - _segStartTs, timescale, clock);
        _videoBuilder.AddSample(0, _segDecodeTime + (ulong)at, (uint)(next - at), _pendingKey, _pending.AsSpan(0, _pendingLength));
    }

    private void SetPending(in MediaSample s)
    {
        ReadOnlySpan<byte> data = s.Data.Span;
        if (data.Length > _pending.Length)
        {
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = ArrayPool<byte>.Shared.Rent(data.Length);
        }
        data.CopyTo(_pending);
        _pendingLength = data.Length;
        _pendingTs = s.RtpTimestamp;
        _pendingKey = s.IsKeyFrame;
        _segBytes += data.Length;
    }

    /// <summary>
    /// The depacketizer replaces a parameter-set array only when its content changes, so comparing the
    /// references is enough on the hot path; content is compared only when a reference differs.
    /// </summary>
    private bool VideoParametersChanged()
    {
        List<byte[]> sets = _videoInfo.ParameterSets;
        lock (sets)
        {
            if (sets.Count != _videoSets.Length) return true;
            bool same = true;
            for (int i = 0; i < sets.Count && same; i++)
                same = ReferenceEquals(sets[i], _videoSets[i]) || sets[i].AsSpan().SequenceEqual(_videoSets[i]);
            return !same;
        }
    }

    private bool UpdateVideoTrack()
    {
        List<byte[]> sets = _videoInfo.ParameterSets;
        lock (sets)
        {
            if (!Mp4Track.TryCreate(_videoInfo, 1, out Mp4Track? track, out string? error))
            {
                if (_warnings.Count < 16) _warnings.Add($"video: {error}");
                return _videoTrack is not null; // keep the previous description if there was one
            }
            _videoSets = sets.ToArray();
            _videoTrack = track;
            return true;
        }
    }

    private static long Micros(TimeSpan t) => t.Ticks / 10;

    public void Dispose()
    {
        _videoBuilder.Dispose();
        _videoOut.Dispose();
        DisposeAudio();
        if (_pending.Length > 0) ArrayPool<byte>.Shared.Return(_pending);
        _pending = [];
    }
}
