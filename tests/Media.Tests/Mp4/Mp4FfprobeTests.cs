using System.Globalization;
using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

/// <summary>Integration tests judged by ffprobe/ffmpeg 5.1: what we write must decode cleanly.</summary>
[Category("ffmpeg")]
public class Mp4FfprobeTests
{
    private const string StreamEntries = "-count_frames -show_entries stream=codec_name,width,height,nb_read_frames";

    [SetUp]
    public void RequireFfprobe() => TestMedia.RequireFfmpeg();

    private static (List<AccessUnit> Units, Mp4Track Track) Video(Codec codec, string path)
    {
        var (units, sets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(path), codec);
        return (units, Muxing.VideoTrack(codec, sets));
    }

    private static double Seconds(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [TestCase(Codec.H264, "h264")]
    [TestCase(Codec.H265, "hevc")]
    public void Video_in_one_second_fragments_probes_with_codec_size_and_frame_count(Codec codec, string codecName)
    {
        var (units, track) = Video(codec, codec == Codec.H264 ? TestMedia.H264() : TestMedia.H265());
        string path = Muxing.WriteFile($"video-{codecName}.mp4", InitSegment.Create([track]), Muxing.VideoFragments(units, 25, 0));

        Dictionary<string, string> s = Muxing.Probe(path, StreamEntries);
        Assert.That(s["codec_name"], Is.EqualTo(codecName));
        Assert.That((s["width"], s["height"]), Is.EqualTo(("1280", "720")));
        Assert.That(s["nb_read_frames"], Is.EqualTo("50"));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        Assert.That(Muxing.Probe(path, "-select_streams v -read_intervals %+#1 -show_entries frame=key_frame")["key_frame"], Is.EqualTo("1"));
        Assert.That(Seconds(Muxing.Probe(path, "-show_entries format=duration")["duration"]), Is.EqualTo(2.0).Within(0.04));
    }

    [Test]
    public void A_single_stored_fragment_with_the_init_segment_plays_standalone()
    {
        var (units, track) = Video(Codec.H264, TestMedia.H264());
        // The second segment of a recording that began an hour ago: non-zero base time and sequence.
        List<byte[]> fragments = Muxing.VideoFragments(units, 25, 3600UL * 90_000, firstSequence: 900);
        string path = Muxing.WriteFile("standalone.mp4", InitSegment.Create([track]), [fragments[1]]);

        Dictionary<string, string> s = Muxing.Probe(path, StreamEntries);
        Assert.That(s["nb_read_frames"], Is.EqualTo("25"));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        Assert.That(Muxing.Probe(path, "-select_streams v -read_intervals %+#1 -show_entries frame=key_frame")["key_frame"], Is.EqualTo("1"));
        Assert.That(Seconds(Muxing.Probe(path, "-show_entries format=start_time")["start_time"]), Is.EqualTo(3601.0).Within(0.001));

        // Served zero-based (what a player expects from a download): rewrite a copy of the stored bytes.
        byte[] copy = fragments[1].ToArray();
        Assert.That(FragmentRewriter.TryRewrite(copy, 1, 0), Is.True);
        string zeroBased = Muxing.WriteFile("standalone-zero.mp4", InitSegment.Create([track]), [copy]);
        Dictionary<string, string> format = Muxing.Probe(zeroBased, "-show_entries format=duration,start_time");
        Assert.That((Seconds(format["start_time"]), Seconds(format["duration"])), Is.EqualTo((0.0, 1.0)));
        Assert.That(Muxing.DecodeErrors(zeroBased), Is.Empty);
    }

    [Test]
    public void Fragments_from_two_recordings_stitched_with_the_rewriter_play_as_one_continuous_stream()
    {
        var (units, track) = Video(Codec.H264, TestMedia.H264());
        byte[] fromServerA = Muxing.VideoFragments(units, 25, 12_345UL * 90_000, firstSequence: 17)[0];
        byte[] fromServerB = Muxing.VideoFragments(units, 25, 987_654UL * 90_000, firstSequence: 3)[1];

        var stitcher = new FragmentStitcher([track]);
        byte[] a = fromServerA.ToArray(), b = fromServerB.ToArray(); // rewrite copies, never the stored bytes
        Assert.That(stitcher.TryAppend(a) && stitcher.TryAppend(b), Is.True);
        string path = Muxing.WriteFile("stitched.mp4", InitSegment.Create([track]), [a, b]);

        Assert.That(Muxing.Probe(path, StreamEntries)["nb_read_frames"], Is.EqualTo("50"));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        Dictionary<string, string> format = Muxing.Probe(path, "-show_entries format=duration,start_time");
        Assert.That(Seconds(format["duration"]), Is.EqualTo(2.0).Within(0.04));
        Assert.That(Seconds(format["start_time"]), Is.EqualTo(0.0).Within(0.001));
        TestMedia.ProcessResult pts = TestMedia.Ffprobe($"-select_streams v -show_entries packet=pts -of csv=p=0 \"{path}\"");
        long[] times = pts.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        Assert.That(times, Is.EqualTo(Enumerable.Range(0, 50).Select(i => i * 3600L)), "no gap or overlap at the seam");
    }

    [Test]
    public void Recordings_with_different_sps_stitch_under_one_init_using_in_band_parameter_sets()
    {
        var (units720, sets720) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264()), Codec.H264);
        var (units360, sets360) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264(640, 360, 1)), Codec.H264);
        Mp4Track track = Muxing.VideoTrack(Codec.H264, sets720);
        byte[] a = Muxing.VideoFragments(units720, 25, 0, keyFramePrefix: Muxing.LengthPrefixed(sets720))[0];
        byte[] b = Muxing.VideoFragments(units360, 25, 50_000, keyFramePrefix: Muxing.LengthPrefixed(sets360))[0];
        var stitcher = new FragmentStitcher([track]);
        Assert.That(stitcher.TryAppend(a) && stitcher.TryAppend(b), Is.True);
        string path = Muxing.WriteFile("stitched-sps.mp4", InitSegment.Create([track], inBandParameterSets: true), [a, b]);

        Assert.That(Muxing.Probe(path, StreamEntries)["nb_read_frames"], Is.EqualTo("50"));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        TestMedia.ProcessResult sizes = TestMedia.Ffprobe($"-select_streams v -show_entries frame=width -of csv=p=0 \"{path}\"");
        Assert.That(sizes.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().TrimEnd(',')).Distinct(), Is.EqualTo(new[] { "1280", "640" }));
    }

    [Test]
    public void Aac_audio_and_h264_video_muxed_together_show_both_streams()
    {
        var (units, video) = Video(Codec.H264, TestMedia.H264());
        var (frames, config) = TestMedia.ParseAdts(File.ReadAllBytes(TestMedia.Aac()));
        Assert.That(config, Is.EqualTo(new AacConfig(2, 16000, 1)));
        Mp4Track audio = Muxing.AudioTrack(Codec.Aac, config.ToBytes(), 16000, 2);

        var fragments = new List<byte[]>();
        using var builder = new FragmentBuilder([video, audio]);
        using var output = new BoxWriter();
        int audioIndex = 0;
        for (int second = 0; second < 2; second++)
        {
            for (int i = second * 25; i < (second + 1) * 25; i++)
                builder.AddSample(0, (ulong)i * 3600, 3600, units[i].IsKeyFrame, units[i].LengthPrefixed);
            for (; audioIndex < frames.Count && audioIndex * 1024 < (second + 1) * 16000; audioIndex++)
                builder.AddSample(1, (ulong)audioIndex * 1024, 1024, true, frames[audioIndex]);
            output.Reset();
            builder.WriteTo(output, (uint)second + 1);
            builder.Clear();
            fragments.Add(output.WrittenSpan.ToArray());
        }
        string path = Muxing.WriteFile("av.mp4", InitSegment.Create([video, audio]), fragments);

        TestMedia.ProcessResult r = TestMedia.Ffprobe(
            $"-count_frames -show_entries stream=codec_type,codec_name,sample_rate,nb_read_frames -of csv=p=0 \"{path}\"");
        Assert.That(r.StdErr, Is.Empty);
        string[] streams = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(streams, Is.EqualTo(new[] { "h264,video,50", $"aac,audio,16000,{audioIndex}" }));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
    }

    [TestCase(Codec.Pcmu, "mulaw", "pcm_mulaw")]
    [TestCase(Codec.Pcma, "alaw", "pcm_alaw")]
    public void G711_audio_uses_ulaw_and_alaw_sample_entries_that_ffprobe_decodes(Codec codec, string format, string codecName)
    {
        byte[] pcm = File.ReadAllBytes(TestMedia.G711(format));
        Mp4Track track = Muxing.AudioTrack(codec, null, 8000, 1);
        using var builder = new FragmentBuilder([track]);
        using var output = new BoxWriter();
        const int frameBytes = 160; // 20 ms RTP packets
        for (int pos = 0; pos < pcm.Length; pos += frameBytes)
        {
            int length = Math.Min(frameBytes, pcm.Length - pos);
            builder.AddSample(0, (ulong)pos, (uint)length, true, pcm.AsSpan(pos, length));
        }
        builder.WriteTo(output, 1);
        string path = Muxing.WriteFile($"g711-{format}.mp4", InitSegment.Create([track]), [output.WrittenSpan.ToArray()]);

        Dictionary<string, string> s = Muxing.Probe(path, "-show_entries stream=codec_name,sample_rate,channels");
        Assert.That((s["codec_name"], s["sample_rate"], s["channels"]), Is.EqualTo((codecName, "8000", "1")));
        Assert.That(Muxing.DecodeErrors(path), Is.Empty);
        Assert.That(Seconds(Muxing.Probe(path, "-show_entries format=duration")["duration"]), Is.EqualTo(2.0).Within(0.02));
    }
}
