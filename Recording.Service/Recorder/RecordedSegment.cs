using VmsServices.Media.Mp4;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// A finished segment produced by <see cref="Segmenter.Add"/>: [StartUtcMicros, EndUtcMicros) on
/// this server's wall-clock timeline, the video fragment (moof+mdat, ISO/IEC 14496-12 §8.8) and,
/// when the session has audio that produced samples in this interval, the audio fragment cut at the
/// same instants. The instance and its byte buffers are reused: they are valid only until the next
/// call to <see cref="Segmenter.Add"/> (or its disposal), so append them before feeding more samples.
/// </summary>
public sealed class RecordedSegment
{
    public long StartUtcMicros { get; internal set; }
    public long EndUtcMicros { get; internal set; }
    public long DurationMicros => EndUtcMicros - StartUtcMicros;
    public SegmentFlags Flags { get; internal set; }

    /// <summary>moof+mdat of the video track (track_ID 1); its first sample is a key frame.</summary>
    public FragmentBytes VideoFragment { get; internal set; }

    /// <summary>moof+mdat of the audio tracks (track_IDs 1..n of the audio file), or empty.</summary>
    public FragmentBytes AudioFragment { get; internal set; }

    /// <summary>
    /// The video track description the fragment was encoded against (its SPS/PPS). A new instance means the
    /// codec parameters changed: the recorder rolls to a new file with a new init segment.
    /// </summary>
    public Mp4Track VideoTrack { get; internal set; } = null!;

    public int VideoFrames { get; internal set; }
    public int AudioFrames { get; internal set; }

    /// <summary>Non-zero when this segment's start was moved to the local clock by drift (µs moved; &gt; 0 = forward).</summary>
    public long ReanchoredMicros { get; internal set; }

    /// <summary>Timeline minus local clock when this segment started (µs; 0 for the first of a session).</summary>
    public long DriftMicros { get; internal set; }

    public override string ToString() =>
        $"[{StartUtcMicros}, {EndUtcMicros}) {DurationMicros / 1000} ms {Flags} video {VideoFrames} frames/{VideoFragment.Length} B, audio {AudioFrames}/{AudioFragment.Length} B";
}
