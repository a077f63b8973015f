using VmsServices.Media.Rtp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

public class H264DepacketizerTests
{
    internal static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1F, 0xDA, 0x01, 0x40];
    internal static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    internal static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33, 0xFF, 0x10, 0x20, 0x30, 0x40];
    internal static readonly byte[] Slice = [0x41, 0x9A, 0x02, 0x03, 0x04];

    private static TrackInfo Track(bool withSdpParameterSets = false)
    {
        var t = new TrackInfo { Codec = Codec.H264, PayloadType = 96, ClockRate = 90000, Control = "trackID=1" };
        if (withSdpParameterSets)
        {
            t.ParameterSets.Add(Sps);
            t.ParameterSets.Add(Pps);
        }
        return t;
    }

    internal static byte[] StapA(params byte[][] nals) =>
        Concat([(byte)(0x60 | 24)], nals.SelectMany(n => Concat(Be16(n.Length), n)).ToArray());

    /// <summary>FU-A fragments of <paramref name="nal"/> with <paramref name="size"/> bytes of data each.</summary>
    internal static List<byte[]> FuA(byte[] nal, int size)
    {
        var result = new List<byte[]>();
        byte indicator = (byte)((nal[0] & 0xE0) | 28);
        for (int off = 1; off < nal.Length; off += size)
        {
            int n = Math.Min(size, nal.Length - off);
            byte header = (byte)((off == 1 ? 0x80 : 0) | (off + n == nal.Length ? 0x40 : 0) | (nal[0] & 0x1F));
            result.Add(Concat([indicator, header], nal.AsSpan(off, n).ToArray()));
        }
        return result;
    }

    [Test]
    public void Stap_a_parameter_sets_are_stored_and_stripped_from_the_key_frame()
    {
        var track = Track();
        using var r = new RtpTrackReceiver(0, track);

        var samples = Feed(r, RtpBytes(1, 3000, true, StapA(Sps, Pps, Idr)));

        Assert.That(samples, Has.Count.EqualTo(1));
        Assert.That(samples[0].Key, Is.True);
        Assert.That(samples[0].Timestamp, Is.EqualTo(3000));
        Assert.That(samples[0].Data, Is.EqualTo(LengthPrefixed(Idr)));
        Assert.That(track.ParameterSets, Is.EqualTo(new[] { Sps, Pps }));
    }

    [Test]
    public void Fu_a_start_middle_end_reassemble_one_nal()
    {
        using var r = new RtpTrackReceiver(0, Track(withSdpParameterSets: true));
        List<byte[]> fus = FuA(Idr, 3);
        Assert.That(fus, Has.Count.EqualTo(3));

        var samples = Feed(r, RtpBytes(1, 0, false, fus[0]), RtpBytes(2, 0, false, fus[1]), RtpBytes(3, 0, true, fus[2]));

        Assert.That(samples.Single().Data, Is.EqualTo(LengthPrefixed(Idr)));
        Assert.That(samples.Single().Key, Is.True);
    }

    [Test]
    public void Lost_middle_fragment_drops_the_frame_and_waits_for_next_key_frame()
    {
        using var r = new RtpTrackReceiver(0, Track(withSdpParameterSets: true));
        List<byte[]> fus = FuA(Idr, 3);

        var samples = Feed(r,
            RtpBytes(1, 0, false, fus[0]), /* seq 2 lost */ RtpBytes(3, 0, true, fus[2]),
            RtpBytes(4, 3000, true, Slice),              // P frame after loss: dropped
            RtpBytes(5, 6000, true, Idr),                // key frame: recovers
            RtpBytes(6, 9000, true, Slice));

        Assert.That(samples.Select(s => s.Timestamp), Is.EqualTo(new long[] { 6000, 9000 }));
        Assert.That(r.DroppedFrames, Is.EqualTo(2));
    }

    [Test]
    public void No_sample_is_emitted_until_parameter_sets_are_known()
    {
        var track = Track();
        using var r = new RtpTrackReceiver(0, track);

        var samples = Feed(r,
            RtpBytes(1, 0, true, Idr),                   // no SPS/PPS yet: dropped
            RtpBytes(2, 3000, true, Slice),              // still waiting for a key frame
            RtpBytes(3, 6000, false, Sps), RtpBytes(4, 6000, false, Pps), RtpBytes(5, 6000, true, Idr));

        Assert.That(samples.Select(s => s.Timestamp), Is.EqualTo(new long[] { 6000 }));
        Assert.That(samples[0].Data, Is.EqualTo(LengthPrefixed(Idr)));
    }

    [Test]
    public void Timestamp_change_ends_a_frame_whose_marker_was_missing()
    {
        using var r = new RtpTrackReceiver(0, Track(withSdpParameterSets: true));

        var samples = Feed(r,
            RtpBytes(1, 0, false, Idr), RtpBytes(2, 0, false, Slice), // camera forgot the marker
            RtpBytes(3, 3000, true, Slice));

        Assert.That(samples.Select(s => s.Timestamp), Is.EqualTo(new long[] { 0, 3000 }));
        Assert.That(samples[0].Data, Is.EqualTo(LengthPrefixed(Idr, Slice)));
    }

    [Test]
    public void In_band_parameter_set_change_replaces_the_sdp_ones()
    {
        var track = Track(withSdpParameterSets: true);
        using var r = new RtpTrackReceiver(0, track);
        byte[] newSps = [0x67, 0x64, 0x00, 0x28, 0xAC];

        Feed(r, RtpBytes(1, 0, true, StapA(newSps, Pps, Idr)));

        Assert.That(track.ParameterSets, Is.EqualTo(new[] { newSps, Pps }));
    }

    [Test]
    public void Fragmented_parameter_set_is_stored_and_not_emitted()
    {
        var track = Track();
        using var r = new RtpTrackReceiver(0, track);
        byte[] bigSps = Concat(Sps, Enumerable.Repeat((byte)0x55, 20).ToArray());
        List<byte[]> fus = FuA(bigSps, 8);

        var packets = fus.Select((f, i) => RtpBytes((ushort)(i + 1), 0, false, f)).ToList();
        packets.Add(RtpBytes((ushort)(fus.Count + 1), 0, false, Pps));
        packets.Add(RtpBytes((ushort)(fus.Count + 2), 0, true, Idr));
        var samples = Feed(r, packets.ToArray());

        Assert.That(track.ParameterSets[0], Is.EqualTo(bigSps));
        Assert.That(samples.Single().Data, Is.EqualTo(LengthPrefixed(Idr)));
    }

    [Test]
    public void Malformed_stap_a_drops_the_frame()
    {
        using var r = new RtpTrackReceiver(0, Track(withSdpParameterSets: true));
        byte[] truncated = [(byte)(0x60 | 24), 0x00, 0x40, 0x65, 0x88];

        var samples = Feed(r, RtpBytes(1, 0, true, truncated));

        Assert.That(samples, Is.Empty);
        Assert.That(r.DroppedFrames, Is.EqualTo(1));
    }
}
