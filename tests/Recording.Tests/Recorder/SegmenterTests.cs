using VmsServices.Media;
using VmsServices.Media.Mp4;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;
using static VmsServices.Recording.Tests.Recorder.RecorderTestMedia;

namespace VmsServices.Recording.Tests.Recorder;

public sealed class SegmenterTests
{
    private const long FrameTicks = 3600; // 25 fps at 90 kHz
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record Seg(long Start, long End, SegmentFlags Flags, int Frames, int AudioFrames, byte[] Video, byte[] Audio, Mp4Track Track, long Reanchored)
    {
        public long Duration => End - Start;
    }

    private ManualClock _clock = null!;

    [SetUp]
    public void CreateClock() => _clock = new ManualClock(T0);

    private Segmenter Create(TrackInfo[]? tracks = null, long notBefore = long.MinValue, RecorderOptions? options = null) =>
        new(tracks ?? [H264()], options ?? new RecorderOptions(), _clock, notBefore);

    /// <summary>Video frames at 25 fps from <paramref name="firstRtp"/>, a key frame every <paramref name="gop"/>; the clock follows.</summary>
    private static IEnumerable<MediaSample> Frames(int count, int gop = 25, long firstRtp = 1000, int firstKey = 0)
    {
        for (int i = 0; i < count; i++)
            yield return Video(firstRtp + i * FrameTicks, key: i >= firstKey && (i - firstKey) % gop == 0);
    }

    private List<Seg> Feed(Segmenter segmenter, IEnumerable<MediaSample> samples, bool clockFollows = true)
    {
        var result = new List<Seg>();
        foreach (MediaSample s in samples)
        {
            RecordedSegment? r = segmenter.Add(s);
            if (r is not null)
                result.Add(new Seg(r.StartUtcMicros, r.EndUtcMicros, r.Flags, r.VideoFrames, r.AudioFrames,
                    r.VideoFragment.ToArray(), r.AudioFragment.ToArray(), r.VideoTrack, r.ReanchoredMicros));
            if (clockFollows && s.TrackIndex == 0) _clock.Advance(TimeSpan.FromMilliseconds(40));
        }
        return result;
    }

    [Test]
    public void Frames_before_the_first_key_frame_are_dropped()
    {
        using var segmenter = Create();

        var segments = Feed(segmenter, Frames(3 + 101, firstKey: 3));

        Assert.That(segmenter.DroppedFrames, Is.EqualTo(3));
        Assert.That(segments, Has.Count.EqualTo(1));
        Assert.That(segments[0].Frames, Is.EqualTo(100), "4 s of frames, from the first key frame");
        Assert.That(FirstSampleIsSync(segments[0].Video), Is.True);
    }

    [Test]
    public void A_segment_is_cut_at_the_first_key_frame_at_or_after_the_target_duration()
    {
        using var segmenter = Create();

        var segments = Feed(segmenter, Frames(36 * 7, gop: 36)); // GOP 1.44 s: 4 s is reached at the third key frame

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments.Select(s => s.Frames), Is.All.EqualTo(108));
        Assert.That(segments.Select(s => s.Duration), Is.All.EqualTo(4_320_000));
        Assert.That(segments.Select(s => FirstSampleIsSync(s.Video)), Is.All.True);
    }

    [Test]
    public void Segments_of_a_session_are_contiguous_and_last_as_long_as_their_rtp_ticks()
    {
        using var segmenter = Create();

        var segments = Feed(segmenter, Frames(25 * 17));

        Assert.That(segments, Has.Count.EqualTo(4));
        for (int i = 1; i < segments.Count; i++)
            Assert.That(segments[i].Start, Is.EqualTo(segments[i - 1].End));
        Assert.That(segments.Select(s => s.Duration), Is.All.EqualTo(4_000_000));
        TrackFragmentInfo first = FirstTrack(segments[0].Video), second = FirstTrack(segments[1].Video);
        Assert.That(first.DurationTicks, Is.EqualTo(4 * 90000), "the last sample lasts until the next segment's first");
        Assert.That(second.BaseDecodeTime - first.BaseDecodeTime, Is.EqualTo(first.DurationTicks), "decode times continue across fragments");
    }

    [Test]
    public void The_first_segment_starts_at_the_local_clock_when_there_is_no_sender_report()
    {
        using var segmenter = Create();
        long expected = _clock.NowMicros;

        var segments = Feed(segmenter, Frames(101));

        Assert.That(segments[0].Start, Is.EqualTo(expected));
        Assert.That(segmenter.AnchorSource, Is.EqualTo(AnchorSource.LocalClock));
    }

    [Test]
    public void The_first_segment_starts_at_the_sender_report_time_of_its_key_frame()
    {
        using var segmenter = Create();
        long capture = _clock.NowMicros - 300_000; // camera clock: 300 ms of latency, within the drift bound

        var segments = Feed(segmenter, Frames(101).Select(s => s with { CaptureUtcMicros = capture + (s.RtpTimestamp - 1000) * 100 / 9 }));

        Assert.That(segments[0].Start, Is.EqualTo(capture));
        Assert.That(segmenter.AnchorSource, Is.EqualTo(AnchorSource.SenderReport));
    }

    [Test]
    public void A_sender_report_far_from_the_local_clock_is_not_trusted()
    {
        using var segmenter = Create();
        long now = _clock.NowMicros;

        var segments = Feed(segmenter, Frames(101).Select(s => s with { CaptureUtcMicros = now - 3_600_000_000 }));

        Assert.That(segments[0].Start, Is.EqualTo(now));
    }

    [Test]
    public void A_segment_never_starts_before_the_end_of_the_previous_segment_of_the_device()
    {
        long previousEnd = _clock.NowMicros + 2_000_000; // e.g. the clock stepped back after a restart
        using var segmenter = Create(notBefore: previousEnd);

        var segments = Feed(segmenter, Frames(101));

        Assert.That(segments[0].Start, Is.EqualTo(previousEnd));
        Assert.That(segments[0].Duration, Is.EqualTo(4_000_000));
    }

    [Test]
    public void Rtp_timestamps_crossing_two_to_the_32_stay_contiguous()
    {
        using var segmenter = Create();

        var segments = Feed(segmenter, Frames(25 * 9, firstRtp: (1L << 32) - 5 * 90000)); // extended timestamps, as RtspSession delivers

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments[1].Start, Is.EqualTo(segments[0].End));
        Assert.That(segments.Select(s => s.Flags), Is.All.EqualTo(SegmentFlags.None));
    }

    [Test]
    public void A_backward_timestamp_step_ends_the_segment_and_the_next_one_is_after_gap()
    {
        using var segmenter = Create();
        var before = Frames(50).ToList();                      // 2 s, not yet at the target
        var after = Frames(25 * 5, firstRtp: 500);              // the camera restarted its clock

        var segments = Feed(segmenter, before.Concat(after));

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments[0].Frames, Is.EqualTo(50));
        Assert.That(segments[0].Duration, Is.EqualTo(2_000_000), "the last frame is given the previous frame interval");
        Assert.That(segments[0].Flags, Is.EqualTo(SegmentFlags.None));
        Assert.That(segments[1].Flags, Is.EqualTo(SegmentFlags.AfterGap));
        Assert.That(segments[1].Start, Is.GreaterThanOrEqualTo(segments[0].End));
    }

    [Test]
    public void A_forward_jump_beyond_the_bound_ends_the_segment_and_waits_for_a_key_frame()
    {
        using var segmenter = Create();
        var before = Frames(60).ToList();
        var after = Frames(25 * 5 + 10, firstRtp: 1000 + 30 * 90000, firstKey: 10); // 30 s later, mid-GOP

        var segments = Feed(segmenter, before.Concat(after));

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments[0].Frames, Is.EqualTo(60));
        Assert.That(segments[1].Flags, Is.EqualTo(SegmentFlags.AfterGap));
        Assert.That(FirstSampleIsSync(segments[1].Video), Is.True);
        Assert.That(segmenter.DroppedFrames, Is.EqualTo(10));
    }

    [Test]
    public void A_timeline_falling_behind_the_local_clock_is_reanchored_once_a_whole_segment_arrived_late()
    {
        using var segmenter = Create();
        var first = Feed(segmenter, Frames(50));
        _clock.Advance(TimeSpan.FromSeconds(3)); // e.g. the camera's RTP clock runs slow: every frame from here is late

        var segments = first.Concat(Feed(segmenter, Frames(25 * 12, firstRtp: 1000 + 50 * FrameTicks))).ToList();

        Assert.That(segments, Has.Count.EqualTo(3));
        Assert.That(segments[1].Start, Is.EqualTo(segments[0].End), "half of segment 0 came on time: the offset is not proven yet");
        Assert.That(segments[2].Start - segments[1].End, Is.EqualTo(3_000_000), "a hole in wall time, no overlap");
        Assert.That(segments[2].Reanchored, Is.EqualTo(3_000_000));
        Assert.That(segments[2].Flags, Is.EqualTo(SegmentFlags.None), "no media was lost");
    }

    [Test]
    public void A_camera_that_stalls_and_then_catches_up_keeps_its_timeline()
    {
        using var segmenter = Create();
        var segments = Feed(segmenter, Frames(90));
        _clock.Advance(TimeSpan.FromSeconds(1.5)); // nothing arrives for 1.5 s ...
        // ... then the frames come in a burst, the key frame at 4 s among them 1.1 s late, timestamps intact.
        segments.AddRange(Feed(segmenter, Frames(38, firstRtp: 1000 + 90 * FrameTicks, firstKey: 10), clockFollows: false));
        segments.AddRange(Feed(segmenter, Frames(125, firstRtp: 1000 + 128 * FrameTicks, firstKey: 22)));

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments[1].Start, Is.EqualTo(segments[0].End), "no hole: the camera's clock did not move");
        Assert.That(segments[1].Reanchored, Is.Zero);
        Assert.That(segments.Select(x => x.Duration), Is.All.EqualTo(4_000_000));
    }

    [Test]
    public void A_parameter_set_change_cuts_the_segment_at_its_key_frame_and_gives_a_new_video_track()
    {
        TrackInfo video = H264();
        using var segmenter = Create([video]);
        var segments = Feed(segmenter, Frames(50));
        lock (video.ParameterSets) video.ParameterSets[1] = [.. Pps, 0x80]; // new PPS, as the depacketizer publishes it

        segments.AddRange(Feed(segmenter, Frames(125, firstRtp: 1000 + 50 * FrameTicks)));

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segments[0].Duration, Is.EqualTo(2_000_000), "cut before the target, at the key frame with the new PPS");
        Assert.That(segments[1].Track, Is.Not.SameAs(segments[0].Track));
        Assert.That(segments[1].Track.ParameterSets[1], Is.EqualTo(Pps.Append((byte)0x80).ToArray()));
    }

    [Test]
    public void Audio_is_cut_at_the_same_instants_as_the_video()
    {
        using var segmenter = Create([H264(), Aac()]);
        // AAC frames of 1024 samples at 48 kHz (21.33 ms), interleaved in arrival order with 25 fps video.
        var samples = new List<MediaSample>();
        long audioRtp = 7777;
        for (int i = 0; i < 25 * 9; i++)
        {
            samples.Add(Video(1000 + i * FrameTicks, key: i % 25 == 0));
            while ((audioRtp - 7777) * 90000 / 48000 < (i + 1) * FrameTicks)
            {
                samples.Add(Audio(audioRtp));
                audioRtp += 1024;
            }
        }

        var segments = Feed(segmenter, samples);

        Assert.That(segments, Has.Count.EqualTo(2));
        Assert.That(segmenter.AudioTracks, Has.Count.EqualTo(1));
        foreach (Seg s in segments)
        {
            TrackFragmentInfo audio = FirstTrack(s.Audio);
            long audioStartMicros = (long)((Int128)audio.BaseDecodeTime * 1_000_000 / 48000);
            long audioEndMicros = (long)((Int128)(audio.BaseDecodeTime + audio.DurationTicks) * 1_000_000 / 48000);
            Assert.That(audioStartMicros, Is.InRange(s.Start - 21, s.Start + 21_334), "audio starts (±1 tick: wall times are whole µs) with the first frame at or after the cut");
            Assert.That(audioEndMicros, Is.InRange(s.End - 21, s.End + 21_334), "and ends with the last frame starting before the next cut");
        }
        Assert.That(segments.Sum(s => s.AudioFrames), Is.EqualTo(375), "8 s of 21.33 ms frames, none lost or duplicated");
    }

    [Test]
    public void A_camera_without_audio_produces_no_audio_fragment()
    {
        using var segmenter = Create();

        var segments = Feed(segmenter, Frames(101));

        Assert.That(segmenter.AudioTracks, Is.Empty);
        Assert.That(segments[0].Audio, Is.Empty);
    }

    [Test]
    public void Steady_state_recording_allocates_nothing_per_sample()
    {
        using var segmenter = Create([H264(), Aac()]);
        var samples = new List<MediaSample>();
        for (int i = 0; i < 25 * 30; i++)
        {
            samples.Add(Video(1000 + i * FrameTicks, key: i % 25 == 0, size: 10_000));
            samples.Add(Audio(5000 + i * 1920));
        }
        for (int i = 0; i < 25 * 10; i++) segmenter.Add(samples[i]); // warm-up: buffers reach their steady size

        long before = GC.GetAllocatedBytesForCurrentThread();
        int segments = 0;
        for (int i = 25 * 10; i < samples.Count; i++)
            if (segmenter.Add(samples[i]) is not null) segments++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(segments, Is.GreaterThanOrEqualTo(4));
        // Per sample nothing: a one-off allocation by the runtime (tiered JIT, OSR) may land in the window,
        // an allocation per sample (>= 24 bytes each) may not.
        int measured = samples.Count - 25 * 10;
        TestContext.Out.WriteLine($"{allocated} bytes allocated over {measured} samples");
        Assert.That(allocated, Is.LessThan(measured));
    }
}
