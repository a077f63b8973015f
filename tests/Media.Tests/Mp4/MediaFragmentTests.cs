using System.Buffers.Binary;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

public class MediaFragmentTests
{
    private static uint U32(ReadOnlySpan<byte> d, int offset) => BinaryPrimitives.ReadUInt32BigEndian(d[offset..]);

    private static byte[] TwoTrackFragment()
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        builder.AddSample(0, 900_000, 3600, true, [0xA1, 0xA2, 0xA3]);
        builder.AddSample(1, 16_000, 1024, true, [0xB1, 0xB2]);
        builder.AddSample(0, 903_600, 3600, false, [0xA4]);
        builder.AddSample(1, 17_024, 1024, true, [0xB3]);
        using var w = new BoxWriter();
        builder.WriteTo(w, 7);
        return w.WrittenSpan.ToArray();
    }

    [Test]
    public void Fragment_is_moof_with_mfhd_and_one_traf_per_track_followed_by_mdat()
    {
        byte[] f = TwoTrackFragment();
        var top = TestMedia.Children(f, 0, f.Length);
        Assert.That(top.Select(b => b.Type), Is.EqualTo(new[] { "moof", "mdat" }));
        Assert.That(top[1].Size, Is.EqualTo(8 + 3 + 1 + 2 + 1));
        var moof = TestMedia.Children(f, 8, top[0].Size);
        Assert.That(moof.Select(b => b.Type), Is.EqualTo(new[] { "mfhd", "traf", "traf" }));
        Assert.That(moof[0].Size, Is.EqualTo(16));
        Assert.That(U32(f, moof[0].Offset + 12), Is.EqualTo(7u), "sequence_number");
        var traf = TestMedia.Children(f, moof[1].Offset + 8, moof[1].Offset + moof[1].Size);
        Assert.That(traf.Select(b => b.Type), Is.EqualTo(new[] { "tfhd", "tfdt", "trun" }));
    }

    [Test]
    public void Tfhd_is_default_base_is_moof_and_tfdt_is_version_1_with_first_decode_time()
    {
        byte[] f = TwoTrackFragment();
        var (tfhd, tfhdSize) = TestMedia.Find(f, "moof/traf/tfhd");
        Assert.That(tfhdSize, Is.EqualTo(16));
        Assert.That(f.AsSpan(tfhd + 8, 8).ToArray(), Is.EqualTo(new byte[] { 0, 0x02, 0, 0, 0, 0, 0, 1 }));
        var (tfdt, tfdtSize) = TestMedia.Find(f, "moof/traf/tfdt");
        Assert.That(tfdtSize, Is.EqualTo(20));
        Assert.That(f[tfdt + 8], Is.EqualTo(1), "version");
        Assert.That(BinaryPrimitives.ReadUInt64BigEndian(f.AsSpan(tfdt + 12)), Is.EqualTo(900_000ul));
        var (traf2, _) = TestMedia.Find(f, "moof/traf", 1);
        Assert.That(BinaryPrimitives.ReadUInt64BigEndian(f.AsSpan(traf2 + 8 + 16 + 12)), Is.EqualTo(16_000ul));
    }

    [Test]
    public void Trun_lists_duration_size_and_sync_flags_per_sample()
    {
        byte[] f = TwoTrackFragment();
        var (trun, trunSize) = TestMedia.Find(f, "moof/traf/trun");
        Assert.That(trunSize, Is.EqualTo(8 + 4 + 4 + 4 + 2 * 12));
        Assert.That(U32(f, trun + 8), Is.EqualTo(0x00000701u), "version 0, data-offset + duration + size + flags");
        Assert.That(U32(f, trun + 12), Is.EqualTo(2u), "sample_count");
        Assert.That(new[] { U32(f, trun + 20), U32(f, trun + 24), U32(f, trun + 28) }, Is.EqualTo(new[] { 3600u, 3u, 0x02000000u }));
        Assert.That(new[] { U32(f, trun + 32), U32(f, trun + 36), U32(f, trun + 40) }, Is.EqualTo(new[] { 3600u, 1u, 0x01010000u }));
    }

    [Test]
    public void Data_offsets_point_from_moof_start_to_each_tracks_contiguous_bytes_in_mdat()
    {
        byte[] f = TwoTrackFragment();
        var (traf1, _) = TestMedia.Find(f, "moof/traf", 0);
        var (traf2, _) = TestMedia.Find(f, "moof/traf", 1);
        int offset1 = (int)U32(f, traf1 + 8 + 16 + 20 + 16);
        int offset2 = (int)U32(f, traf2 + 8 + 16 + 20 + 16);
        Assert.That(f[offset1..(offset1 + 4)], Is.EqualTo(new byte[] { 0xA1, 0xA2, 0xA3, 0xA4 }));
        Assert.That(f[offset2..(offset2 + 3)], Is.EqualTo(new byte[] { 0xB1, 0xB2, 0xB3 }));
        Assert.That(offset1, Is.EqualTo(TestMedia.Find(f, "mdat").Offset + 8));
    }

    [Test]
    public void Composition_offsets_switch_trun_to_version_1_with_signed_offsets()
    {
        using var w = new BoxWriter();
        FragmentSample[] samples = [new(0, 3600, 1, true, 7200), new(3600, 3600, 1, false, -3600)];
        MediaFragment.Write(w, 1, [new TrackRun(1, samples, new byte[] { 1, 2 })]);
        byte[] f = w.WrittenSpan.ToArray();
        var (trun, _) = TestMedia.Find(f, "moof/traf/trun");
        Assert.That(U32(f, trun + 8), Is.EqualTo(0x01000F01u));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(f.AsSpan(trun + 20 + 16 + 12)), Is.EqualTo(-3600));
    }

    [Test]
    public void Tracks_without_samples_get_no_traf()
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        builder.AddSample(0, 0, 3600, true, [1]);
        using var w = new BoxWriter();
        builder.WriteTo(w, 1);
        byte[] f = w.WrittenSpan.ToArray();
        Assert.That(TestMedia.Find(f, "moof/traf", 1).Offset, Is.EqualTo(-1));
        Assert.That(builder.EndDecodeTime(0), Is.EqualTo(3600ul));
    }

    [Test]
    public void Sample_sizes_that_do_not_match_the_data_are_rejected()
    {
        using var w = new BoxWriter();
        FragmentSample[] samples = [new(0, 3600, 5, true)];
        Assert.That(() => MediaFragment.Write(w, 1, [new TrackRun(1, samples, new byte[] { 1, 2 })]), Throws.ArgumentException);
    }

    [Test]
    public void Builder_reused_after_clear_produces_identical_bytes()
    {
        using var builder = new FragmentBuilder([1u]);
        using var w = new BoxWriter();
        var payload = new byte[5000];
        byte[]? first = null;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 300; i++) builder.AddSample(0, (ulong)i * 3600, 3600, i % 25 == 0, payload);
            w.Reset();
            builder.WriteTo(w, 1);
            builder.Clear();
            first ??= w.WrittenSpan.ToArray();
            Assert.That(w.WrittenSpan.SequenceEqual(first), Is.True, $"round {round}");
        }
        Assert.That(first!.Length, Is.EqualTo(8 + 16 + 8 + 16 + 20 + 20 + 300 * 12 + 8 + 300 * 5000));
    }

    [Test]
    public void Steady_state_fragment_building_allocates_nothing_per_sample()
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        using var w = new BoxWriter();
        var video = new byte[20_000];
        var audio = new byte[300];
        void OneSegment()
        {
            for (int i = 0; i < 100; i++)
            {
                builder.AddSample(0, (ulong)i * 3600, 3600, i == 0, video);
                builder.AddSample(1, (ulong)i * 640, 640, true, audio);
            }
            w.Reset();
            builder.WriteTo(w, 1);
            builder.Clear();
        }
        OneSegment(); // warm-up: pooled buffers grow to size
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 5; round++) OneSegment();
        // Nothing per sample; a one-off runtime allocation (tiered JIT) in the window is tolerated.
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(100));
    }
}
