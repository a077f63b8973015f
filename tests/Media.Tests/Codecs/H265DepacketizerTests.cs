using VmsServices.Media.Rtp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

public class H265DepacketizerTests
{
    // NAL header: F(1) Type(6) LayerId(6) TID(3); type in bits 1..6 of byte 0.
    private static readonly byte[] Vps = [32 << 1, 0x01, 0x0C, 0x01];
    private static readonly byte[] Sps = [33 << 1, 0x01, 0x01, 0x60];
    private static readonly byte[] Pps = [34 << 1, 0x01, 0xC1, 0x72];
    private static readonly byte[] IdrWRadl = [19 << 1, 0x01, 0xAF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06];
    private static readonly byte[] Trail = [1 << 1, 0x01, 0xD0, 0x01, 0x02];

    private static TrackInfo Track() =>
        new() { Codec = Codec.H265, PayloadType = 96, ClockRate = 90000, Control = "" };

    private static byte[] Ap(params byte[][] nals) =>
        Concat([48 << 1, 0x01], nals.SelectMany(n => Concat(Be16(n.Length), n)).ToArray());

    private static byte[] Fu(byte[] nal, int from, int count, bool start, bool end)
    {
        byte[] header = [(byte)((nal[0] & 0x81) | (49 << 1)), nal[1]];
        byte fu = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((nal[0] >> 1) & 0x3F));
        return Concat(header, [fu], nal.AsSpan(from, count).ToArray());
    }

    [Test]
    public void Aggregation_packet_stores_vps_sps_pps_and_fu_rebuilds_irap_nal()
    {
        var track = Track();
        using var r = new RtpTrackReceiver(0, track);

        var samples = Feed(r,
            RtpBytes(10, 900, false, Ap(Vps, Sps, Pps)),
            RtpBytes(11, 900, false, Fu(IdrWRadl, 2, 3, start: true, end: false)),
            RtpBytes(12, 900, false, Fu(IdrWRadl, 5, 2, start: false, end: false)),
            RtpBytes(13, 900, true, Fu(IdrWRadl, 7, 2, start: false, end: true)),
            RtpBytes(14, 4500, true, Trail));

        Assert.That(track.ParameterSets, Is.EqualTo(new[] { Vps, Sps, Pps }));
        Assert.That(samples, Has.Count.EqualTo(2));
        Assert.That(samples[0].Key, Is.True);
        Assert.That(samples[0].Data, Is.EqualTo(LengthPrefixed(IdrWRadl)));
        Assert.That(samples[1].Key, Is.False);
        Assert.That(samples[1].Data, Is.EqualTo(LengthPrefixed(Trail)));
    }

    [Test]
    public void Missing_vps_keeps_the_track_silent()
    {
        using var r = new RtpTrackReceiver(0, Track());

        var samples = Feed(r, RtpBytes(1, 0, true, Ap(Sps, Pps, IdrWRadl)));

        Assert.That(samples, Is.Empty);
    }

    [Test]
    public void Lost_fu_end_fragment_drops_the_frame()
    {
        using var r = new RtpTrackReceiver(0, Track());

        var samples = Feed(r,
            RtpBytes(1, 0, false, Ap(Vps, Sps, Pps)),
            RtpBytes(2, 0, false, Fu(IdrWRadl, 2, 3, start: true, end: false)),
            RtpBytes(4, 3000, true, Trail));

        Assert.That(samples, Is.Empty);
    }
}
