using System.Buffers.Binary;
using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

public class FragmentRewriterTests
{
    private static byte[] Fragment(uint sequence, ulong videoBase, ulong audioBase, int videoFrames = 3)
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        for (int i = 0; i < videoFrames; i++)
            builder.AddSample(0, videoBase + (ulong)i * 3600, 3600, i == 0, [(byte)i, 0xEE]);
        builder.AddSample(1, audioBase, 1024, true, [0xAA]);
        builder.AddSample(1, audioBase + 1024, 1024, true, [0xAB]);
        using var w = new BoxWriter();
        builder.WriteTo(w, sequence);
        return w.WrittenSpan.ToArray();
    }

    private static TrackFragmentInfo[] Read(byte[] fragment, out uint sequence)
    {
        var infos = new TrackFragmentInfo[4];
        int count = FragmentRewriter.ReadTrackFragments(fragment, infos, out sequence);
        Assert.That(count, Is.GreaterThanOrEqualTo(0));
        return infos[..count];
    }

    private static IReadOnlyList<Mp4Track> Tracks()
    {
        var (_, sets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264()), Codec.H264);
        return [Muxing.VideoTrack(Codec.H264, sets), Muxing.AudioTrack(Codec.Aac, new AacConfig(2, 16000, 1).ToBytes(), 16000, 2)];
    }

    [Test]
    public void ReadTrackFragments_reports_sequence_base_time_duration_and_count_per_track()
    {
        TrackFragmentInfo[] infos = Read(Fragment(42, 90_000, 16_000), out uint sequence);
        Assert.That(sequence, Is.EqualTo(42u));
        Assert.That(infos, Is.EqualTo(new[]
        {
            new TrackFragmentInfo(1, 90_000, 3 * 3600, 3),
            new TrackFragmentInfo(2, 16_000, 2048, 2),
        }));
    }

    [Test]
    public void Rewrite_changes_only_sequence_number_and_base_decode_times()
    {
        byte[] original = Fragment(1, 90_000, 16_000);
        byte[] copy = original.ToArray();
        bool ok = FragmentRewriter.TryRewrite(copy, 9, [new TrackDecodeTime(1, 0x1_0000_0000), new TrackDecodeTime(2, 5)]);
        Assert.That(ok, Is.True);
        Assert.That(Read(copy, out uint sequence).Select(i => (i.TrackId, i.BaseDecodeTime)),
            Is.EqualTo(new[] { (1u, 0x1_0000_0000ul), (2u, 5ul) }));
        Assert.That(sequence, Is.EqualTo(9u));
        int changed = original.Zip(copy).Count(p => p.First != p.Second);
        Assert.That(changed, Is.LessThanOrEqualTo(4 + 8 + 8));
        Assert.That(copy.Length, Is.EqualTo(original.Length));
        Assert.That(copy.AsSpan(TestMedia.Find(copy, "mdat").Offset).SequenceEqual(original.AsSpan(TestMedia.Find(original, "mdat").Offset)), Is.True);
    }

    [Test]
    public void Rewrite_with_a_single_time_sets_every_traf()
    {
        byte[] f = Fragment(1, 90_000, 16_000);
        Assert.That(FragmentRewriter.TryRewrite(f, 2, 777), Is.True);
        Assert.That(Read(f, out _).Select(i => i.BaseDecodeTime), Is.EqualTo(new[] { 777ul, 777ul }));
    }

    [Test]
    public void Malformed_fragments_are_rejected_and_left_unchanged()
    {
        byte[] f = Fragment(1, 90_000, 16_000);
        int moofSize = (int)BinaryPrimitives.ReadUInt32BigEndian(f);
        for (int length = 0; length < moofSize; length++)
        {
            byte[] truncated = f[..length];
            byte[] before = truncated.ToArray();
            Assert.That(FragmentRewriter.TryRewrite(truncated, 5, 5), Is.False, $"length {length}");
            Assert.That(truncated, Is.EqualTo(before));
            Assert.That(FragmentRewriter.ReadTrackFragments(truncated, new TrackFragmentInfo[4], out _), Is.EqualTo(-1));
        }
        byte[] corrupt = f.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(corrupt.AsSpan(8), 3); // mfhd size < 8
        Assert.That(FragmentRewriter.TryRewrite(corrupt, 5, 5), Is.False);
        Assert.That(FragmentRewriter.TryRewrite(f.AsSpan(TestMedia.Find(f, "mdat").Offset), 5, 5), Is.False, "not a moof");
    }

    [Test]
    public void Stitcher_makes_fragments_from_different_recordings_continuous_and_keeps_av_offset()
    {
        IReadOnlyList<Mp4Track> tracks = Tracks();
        var stitcher = new FragmentStitcher(tracks);
        // Recording A starts at 10 s, recording B (another server) at 5000 s; audio starts 0.5 s after video in B.
        byte[] a = Fragment(1, 10 * 90_000, 10 * 16_000);
        byte[] b = Fragment(1, 5000 * 90_000, 5000 * 16_000 + 8_000);
        Assert.That(stitcher.TryAppend(a), Is.True);
        Assert.That(stitcher.TryAppend(b), Is.True);

        TrackFragmentInfo[] ia = Read(a, out uint seqA), ib = Read(b, out uint seqB);
        Assert.That((seqA, seqB), Is.EqualTo((1u, 2u)));
        Assert.That((ia[0].BaseDecodeTime, ia[1].BaseDecodeTime), Is.EqualTo((0ul, 0ul)));
        Assert.That(ib[0].BaseDecodeTime, Is.EqualTo(3 * 3600ul), "video continues where A ended");
        Assert.That(ib[1].BaseDecodeTime, Is.EqualTo(3 * 3600 * 16_000ul / 90_000 + 8_000), "audio keeps its 0.5 s offset");
        Assert.That(stitcher.NextSequenceNumber, Is.EqualTo(3u));
    }

    [Test]
    public void Stitcher_rejects_fragments_of_unknown_tracks_without_advancing()
    {
        var stitcher = new FragmentStitcher([Tracks()[0]]);
        byte[] f = Fragment(1, 0, 0); // has track 2, unknown to this stitcher
        byte[] before = f.ToArray();
        Assert.That(stitcher.TryAppend(f), Is.False);
        Assert.That(f, Is.EqualTo(before));
        Assert.That(stitcher.NextSequenceNumber, Is.EqualTo(1u));
    }
}
