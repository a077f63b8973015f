using VmsServices.Media.Rtp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

public class AudioDepacketizerTests
{
    private static TrackInfo AacTrack() => new()
    {
        Codec = Codec.Aac, PayloadType = 97, ClockRate = 48000, Control = "",
        FormatParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mode"] = "AAC-hbr", ["sizelength"] = "13", ["indexlength"] = "3", ["indexdeltalength"] = "3",
        },
    };

    /// <summary>AU-header for AAC-hbr: 13-bit size, 3-bit index(-delta) = 0.</summary>
    private static byte[] AuHeader(int size) => Be16(size << 3);

    [Test]
    public void Aac_hbr_packet_with_two_au_headers_yields_two_frames_1024_ticks_apart()
    {
        using var r = new RtpTrackReceiver(0, AacTrack());
        byte[] au1 = [0x21, 0x10, 0x05], au2 = [0x21, 0x20, 0x06, 0x07];
        byte[] payload = Concat(Be16(32), AuHeader(au1.Length), AuHeader(au2.Length), au1, au2);

        var samples = Feed(r, RtpBytes(1, 48000, true, payload, payloadType: 97));

        Assert.That(samples.Select(s => s.Data), Is.EqualTo(new[] { au1, au2 }));
        Assert.That(samples.Select(s => s.Timestamp), Is.EqualTo(new long[] { 48000, 49024 }));
        Assert.That(samples.All(s => s.Key), Is.True);
    }

    [Test]
    public void Aac_au_fragmented_over_two_packets_is_reassembled()
    {
        using var r = new RtpTrackReceiver(0, AacTrack());
        byte[] au = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();

        var samples = Feed(r,
            RtpBytes(1, 0, false, Concat(Be16(16), AuHeader(au.Length), au[..6]), payloadType: 97),
            RtpBytes(2, 0, true, Concat(Be16(16), AuHeader(au.Length), au[6..]), payloadType: 97));

        Assert.That(samples.Single().Data, Is.EqualTo(au));
    }

    [Test]
    public void Aac_fragment_with_a_lost_packet_is_dropped()
    {
        using var r = new RtpTrackReceiver(0, AacTrack());
        byte[] au = new byte[12];

        var samples = Feed(r,
            RtpBytes(1, 0, false, Concat(Be16(16), AuHeader(au.Length), au[..4]), payloadType: 97),
            RtpBytes(3, 0, true, Concat(Be16(16), AuHeader(au.Length), au[8..]), payloadType: 97));

        Assert.That(samples, Is.Empty);
    }

    [Test]
    public void Aac_au_headers_overrunning_the_packet_are_rejected()
    {
        using var r = new RtpTrackReceiver(0, AacTrack());

        var samples = Feed(r, RtpBytes(1, 0, true, Concat(Be16(160), AuHeader(2)), payloadType: 97));

        Assert.That(samples, Is.Empty);
    }

    [TestCase(Codec.Pcmu, 0)]
    [TestCase(Codec.Pcma, 8)]
    public void G711_packet_is_one_sample(Codec codec, int payloadType)
    {
        var track = new TrackInfo { Codec = codec, PayloadType = payloadType, ClockRate = 8000, Control = "" };
        using var r = new RtpTrackReceiver(0, track);
        byte[] pcm = [0xD5, 0x55, 0xD5, 0x55];

        var samples = Feed(r, RtpBytes(1, 160, false, pcm, payloadType: payloadType));

        Assert.That(samples.Single().Data, Is.EqualTo(pcm));
        Assert.That(samples.Single().Timestamp, Is.EqualTo(160));
    }

    [Test]
    public void Packet_with_other_payload_type_is_ignored()
    {
        var track = new TrackInfo { Codec = Codec.Pcma, PayloadType = 8, ClockRate = 8000, Control = "" };
        using var r = new RtpTrackReceiver(0, track);

        Assert.That(Feed(r, RtpBytes(1, 160, false, [1, 2], payloadType: 0)), Is.Empty);
    }
}
