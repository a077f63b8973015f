using System.Buffers.Binary;
using VmsServices.Media.Codecs;
using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

public class InitSegmentTests
{
    private static (Mp4Track Video, List<byte[]> ParameterSets) H264Track()
    {
        var (_, sets) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H264()), Codec.H264);
        return (Muxing.VideoTrack(Codec.H264, sets), sets);
    }

    private static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    [Test]
    public void Init_segment_is_ftyp_then_moov_with_one_trak_per_track_and_mvex()
    {
        var (video, _) = H264Track();
        Mp4Track audio = Muxing.AudioTrack(Codec.Aac, new AacConfig(2, 16000, 1).ToBytes(), 16000, 2);
        byte[] init = InitSegment.Create([video, audio]);

        var top = TestMedia.Children(init, 0, init.Length);
        Assert.That(top.Select(b => b.Type), Is.EqualTo(new[] { "ftyp", "moov" }));
        Assert.That(top.Sum(b => b.Size), Is.EqualTo(init.Length));
        var moov = TestMedia.Children(init, top[1].Offset + 8, top[1].Offset + top[1].Size);
        Assert.That(moov.Select(b => b.Type), Is.EqualTo(new[] { "mvhd", "trak", "trak", "mvex" }));
        var (mvex, mvexSize) = TestMedia.Find(init, "moov/mvex");
        Assert.That(TestMedia.Children(init, mvex + 8, mvex + mvexSize).Select(b => b.Type), Is.EqualTo(new[] { "trex", "trex" }));
    }

    [Test]
    public void Ftyp_has_iso6_major_brand_and_compatible_brands()
    {
        var (video, _) = H264Track();
        byte[] init = InitSegment.Create([video]);
        Assert.That(init[..28], Is.EqualTo(new byte[]
        {
            0, 0, 0, 28, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'6', 0, 0, 0, 0,
            (byte)'i', (byte)'s', (byte)'o', (byte)'6', (byte)'i', (byte)'s', (byte)'o', (byte)'m', (byte)'m', (byte)'p', (byte)'4', (byte)'1',
        }));
    }

    [Test]
    public void Video_trak_carries_size_timescale_and_avcC_built_from_sps_and_pps()
    {
        var (video, sets) = H264Track();
        byte[] init = InitSegment.Create([video]);

        var (tkhd, _) = TestMedia.Find(init, "moov/trak/tkhd");
        Assert.That(U32(init, tkhd + 8 + 4 + 8), Is.EqualTo(1u), "track_ID");
        Assert.That(U32(init, tkhd + 8 + 76), Is.EqualTo(1280u << 16), "width 16.16");
        Assert.That(U32(init, tkhd + 8 + 80), Is.EqualTo(720u << 16), "height 16.16");
        var (mdhd, _) = TestMedia.Find(init, "moov/trak/mdia/mdhd");
        Assert.That(U32(init, mdhd + 8 + 12), Is.EqualTo(90000u), "timescale");
        var (hdlr, _) = TestMedia.Find(init, "moov/trak/mdia/hdlr");
        Assert.That(FourCc.ToString(U32(init, hdlr + 8 + 8)), Is.EqualTo("vide"));
        Assert.That(TestMedia.Find(init, "moov/trak/mdia/minf/vmhd").Offset, Is.GreaterThan(0));

        var (avc1, _) = TestMedia.Find(init, "moov/trak/mdia/minf/stbl/stsd/avc1");
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(avc1 + 8 + 24)), Is.EqualTo(1280));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(init.AsSpan(avc1 + 8 + 26)), Is.EqualTo(720));
        var (avcC, avcCSize) = TestMedia.Find(init, "moov/trak/mdia/minf/stbl/stsd/avc1/avcC");
        byte[] sps = sets.First(p => (p[0] & 0x1F) == 7), pps = sets.First(p => (p[0] & 0x1F) == 8);
        byte[] expected =
        [
            1, sps[1], sps[2], sps[3], 0xFF, 0xE1, (byte)(sps.Length >> 8), (byte)sps.Length, .. sps,
            1, (byte)(pps.Length >> 8), (byte)pps.Length, .. pps,
            0xFD, 0xF8, 0xF8, 0, // High profile: chroma_format 4:2:0, 8-bit luma/chroma, no SPS ext
        ];
        Assert.That(init.AsSpan(avcC + 8, avcCSize - 8).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Sample_tables_are_empty_and_trex_defaults_to_first_description()
    {
        var (video, _) = H264Track();
        byte[] init = InitSegment.Create([video]);
        foreach (string table in new[] { "stts", "stsc", "stco" })
        {
            var (offset, size) = TestMedia.Find(init, "moov/trak/mdia/minf/stbl/" + table);
            Assert.That((size, U32(init, offset + 12)), Is.EqualTo((16, 0u)), table);
        }
        var (stsz, stszSize) = TestMedia.Find(init, "moov/trak/mdia/minf/stbl/stsz");
        Assert.That(stszSize, Is.EqualTo(20));
        var (trex, trexSize) = TestMedia.Find(init, "moov/mvex/trex");
        Assert.That(trexSize, Is.EqualTo(32));
        Assert.That((U32(init, trex + 12), U32(init, trex + 16)), Is.EqualTo((1u, 1u)));
    }

    [Test]
    public void Audio_tracks_use_sample_rate_timescale_and_codec_specific_entries()
    {
        Mp4Track aac = Muxing.AudioTrack(Codec.Aac, new AacConfig(2, 16000, 1).ToBytes(), 16000, 1);
        byte[] init = InitSegment.Create([aac]);
        Assert.That(U32(init, TestMedia.Find(init, "moov/trak/mdia/mdhd").Offset + 20), Is.EqualTo(16000u));
        var (esds, esdsSize) = TestMedia.Find(init, "moov/trak/mdia/minf/stbl/stsd/mp4a/esds");
        Assert.That(init.AsSpan(esds, esdsSize).IndexOf(new byte[] { 0x05, 0x02, 0x14, 0x08 }), Is.GreaterThan(0), "DecSpecificInfo = ASC");
        Assert.That(TestMedia.Find(init, "moov/trak/mdia/minf/smhd").Offset, Is.GreaterThan(0));

        byte[] ulaw = InitSegment.Create([Muxing.AudioTrack(Codec.Pcmu, null, 8000, 1)]);
        byte[] alaw = InitSegment.Create([Muxing.AudioTrack(Codec.Pcma, null, 8000, 1)]);
        Assert.That(TestMedia.Find(ulaw, "moov/trak/mdia/minf/stbl/stsd/ulaw").Offset, Is.GreaterThan(0));
        Assert.That(TestMedia.Find(alaw, "moov/trak/mdia/minf/stbl/stsd/alaw").Offset, Is.GreaterThan(0));
        Assert.That(U32(ulaw, TestMedia.Find(ulaw, "moov/trak/mdia/mdhd").Offset + 20), Is.EqualTo(8000u));
    }

    [Test]
    public void In_band_parameter_set_mode_uses_avc3_and_hev1_entries()
    {
        var (video, _) = H264Track();
        Assert.That(TestMedia.Find(InitSegment.Create([video], inBandParameterSets: true), "moov/trak/mdia/minf/stbl/stsd/avc3").Offset, Is.GreaterThan(0));
        var (_, sets265) = TestMedia.SplitAccessUnits(File.ReadAllBytes(TestMedia.H265()), Codec.H265);
        Mp4Track hevc = Muxing.VideoTrack(Codec.H265, sets265);
        Assert.That(TestMedia.Find(InitSegment.Create([hevc]), "moov/trak/mdia/minf/stbl/stsd/hvc1/hvcC").Offset, Is.GreaterThan(0));
        Assert.That(TestMedia.Find(InitSegment.Create([hevc], true), "moov/trak/mdia/minf/stbl/stsd/hev1/hvcC").Offset, Is.GreaterThan(0));
    }

    [Test]
    public void Track_without_parameter_sets_is_rejected()
    {
        var info = new TrackInfo { Codec = Codec.H264, PayloadType = 96, ClockRate = 90000, Control = "v" };
        Assert.That(Mp4Track.TryCreate(info, 1, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("SPS"));
    }
}
