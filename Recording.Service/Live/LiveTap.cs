using VmsServices.Media;
using VmsServices.Media.Mp4;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Live;

/// <summary>
/// Taps a recorder's session for its <see cref="LiveFeed"/>: while someone watches, the samples also
/// go through a second <see cref="Segmenter"/> that cuts at every key frame (one fragment per GOP, so
/// a viewer is about one GOP behind the camera), video only. The recording itself is untouched: no
/// viewer, no extra work but one check per sample.
/// </summary>
internal sealed class LiveTap(LiveFeed feed, IReadOnlyList<TrackInfo> tracks, RecorderOptions options, TimeProvider time) : IDisposable
{
    private readonly RecorderOptions _liveOptions = new()
    {
        SegmentTargetDuration = TimeSpan.Zero,
        MaxClockDrift = options.MaxClockDrift,
        MaxTimestampJump = options.MaxTimestampJump,
        MaxSegmentBytes = options.MaxSegmentBytes,
    };
    private Segmenter? _segmenter;
    private Mp4Track? _track;
    private byte[]? _init;

    public void Add(in MediaSample sample)
    {
        if (!feed.HasViewers)
        {
            Stop();
            return;
        }
        _segmenter ??= new Segmenter(tracks, _liveOptions, time);
        if (_segmenter.Add(sample) is not { } fragment) return;
        if (!ReferenceEquals(fragment.VideoTrack, _track))
        {
            _track = fragment.VideoTrack;
            _init = InitSegment.Create([fragment.VideoTrack]);
        }
        feed.Publish(_init!, fragment.VideoFragment);
    }

    private void Stop()
    {
        _segmenter?.Dispose();
        _segmenter = null;
    }

    public void Dispose()
    {
        Stop();
        feed.EndSession();
    }
}
