using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

/// <summary>FragmentReader's sample tables and FragmentTrimmer's tail cuts, on FragmentBuilder-made fragments.</summary>
public class FragmentTrimmerTests
{
    private const ulong Base = 1_700_000_000UL * 90_000; // a UTC-timeline tfdt, as recorded
    private const uint Frame = 3600;                      // 25 fps at 90 kHz

    /// <summary>A two-track fragment: video (track 1) 10 frames, every 5th a key frame; audio (track 2, 16 kHz) 1024-sample frames.</summary>
    private static byte[] Fragment(int videoFrames = 10, int audioFrames = 8, uint sequence = 7)
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        for (int i = 0; i < videoFrames; i++)
            builder.AddSample(0, Base + (ulong)i * Frame, Frame, i % 5 == 0, Enumerable.Repeat((byte)i, 100 + i).ToArray());
        for (int i = 0; i < audioFrames; i++)
            builder.AddSample(1, 1_700_000_000UL * 16_000 + (ulong)i * 1024, 1024, true, Enumerable.Repeat((byte)(200 + i), 20).ToArray());
        using var output = new BoxWriter();
        builder.WriteTo(output, sequence);
        return output.WrittenSpan.ToArray();
    }

    [Test]
    public void The_reader_returns_every_sample_with_decode_time_size_key_flag_and_bytes()
    {
        byte[] fragment = Fragment();

        ParsedFragment parsed = FragmentReader.TryRead(fragment)!;

        Assert.That(parsed.SequenceNumber, Is.EqualTo(7u));
        Assert.That(parsed.LengthBytes, Is.EqualTo(fragment.Length));
        Assert.That(parsed.Tracks.Select(t => t.TrackId), Is.EqualTo(new[] { 1u, 2u }));
        TrackFragmentSamples video = parsed.Tracks[0];
        Assert.That(video.Samples.Select(s => s.DecodeTime), Is.EqualTo(Enumerable.Range(0, 10).Select(i => Base + (ulong)i * Frame)));
        Assert.That(video.Samples.Select(s => s.IsKeyFrame), Is.EqualTo(Enumerable.Range(0, 10).Select(i => i % 5 == 0)));
        Assert.That(video.Samples.Select(s => s.SizeBytes), Is.EqualTo(Enumerable.Range(0, 10).Select(i => 100 + i)));
        for (int i = 0; i < 10; i++)
            Assert.That(fragment.AsSpan(video.DataOffsets[i], video.Samples[i].SizeBytes).ToArray(), Is.All.EqualTo((byte)i), $"sample {i}'s bytes");
        Assert.That(fragment[parsed.Tracks[1].DataOffsets[3]], Is.EqualTo((byte)203));
    }

    [Test]
    public void The_reader_refuses_a_fragment_whose_samples_lie_outside_it()
    {
        byte[] fragment = Fragment();
        Assert.That(FragmentReader.TryRead(fragment.AsSpan(0, fragment.Length - 1)), Is.Null);
        Assert.That(FragmentReader.TryRead(new byte[16]), Is.Null);
    }

    [Test]
    public void Trimming_keeps_the_samples_before_the_cut_with_their_bytes_time_and_sequence()
    {
        byte[] fragment = Fragment();
        ulong cut = Base + 5 * Frame; // the next recording starts at frame 5's instant

        byte[] trimmed = FragmentTrimmer.TrimTail(fragment, [new TrackCut(1, cut)])!;

        ParsedFragment parsed = FragmentReader.TryRead(trimmed)!;
        Assert.That(parsed.SequenceNumber, Is.EqualTo(7u));
        Assert.That(parsed.Tracks[0].Samples.Select(s => s.DecodeTime), Is.EqualTo(Enumerable.Range(0, 5).Select(i => Base + (ulong)i * Frame)));
        for (int i = 0; i < 5; i++)
            Assert.That(trimmed.AsSpan(parsed.Tracks[0].DataOffsets[i], 100 + i).ToArray(), Is.All.EqualTo((byte)i));
        Assert.That(parsed.Tracks[1].Samples, Has.Length.EqualTo(8), "a track without a cut is kept whole");
    }

    [TestCase(-1000, 5)] // the next server anchored the same frame 11 ms earlier
    [TestCase(+1000, 5)] // ... or 11 ms later: frame 5 starts within half a frame of the cut, so it is the next one's
    [TestCase(-1801, 4)] // more than half a frame earlier: frame 4 is now the duplicate
    public void Frames_within_half_a_frame_of_the_cut_belong_to_the_next_recording(int skewTicks, int kept)
    {
        ulong cut = (ulong)((long)(Base + 5 * Frame) + skewTicks);

        byte[] trimmed = FragmentTrimmer.TrimTail(Fragment(), [new TrackCut(1, cut)])!;

        FragmentSample[] samples = FragmentReader.TryRead(trimmed)!.Tracks[0].Samples;
        Assert.That(samples, Has.Length.EqualTo(kept));
        Assert.That(samples[^1].DecodeTime + samples[^1].DurationTicks, Is.LessThanOrEqualTo(cut), "the last kept frame ends by the cut");
    }

    [Test]
    public void Cutting_before_the_first_sample_of_every_track_leaves_nothing()
    {
        Assert.That(FragmentTrimmer.TrimTail(Fragment(), [new TrackCut(1, Base), new TrackCut(2, 0)]), Is.Empty);
    }

    [Test]
    public void A_cut_after_the_last_sample_keeps_the_fragment_as_it_was()
    {
        byte[] fragment = Fragment();
        Assert.That(FragmentTrimmer.TrimTail(fragment, [new TrackCut(1, Base + 100 * Frame), new TrackCut(2, ulong.MaxValue)]), Is.EqualTo(fragment));
    }

    [Test]
    public void The_init_reader_finds_each_tracks_id_and_timescale()
    {
        Mp4Track first = Muxing.AudioTrack(Codec.Aac, new AacConfig(2, 16000, 1).ToBytes(), 16000, 1);
        Mp4Track second = Muxing.AudioTrack(Codec.Aac, new AacConfig(2, 48000, 2).ToBytes(), 48000, 2);

        IReadOnlyList<InitTrack>? tracks = InitSegmentReader.TryReadTracks(InitSegment.Create([first, second]));

        Assert.That(tracks, Is.EqualTo(new[] { new InitTrack(1, 16_000), new InitTrack(2, 48_000) }));
        Assert.That(InitSegmentReader.TryReadTracks(new byte[8]), Is.Null);
    }
}
