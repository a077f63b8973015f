using System.Buffers.Binary;
using VmsServices.Media.Rtp;
using VmsServices.Media.Tests.Rtsp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

/// <summary>Randomized robustness (fixed seeds) for RTP/RTCP parsing and every depacketizer.</summary>
public class DepacketizerFuzzTests
{
    private const int Iterations = 20_000;

    private static TrackInfo Track(Codec codec) => new()
    {
        Codec = codec,
        PayloadType = 96,
        ClockRate = 90000,
        Control = "",
        FormatParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["mode"] = "AAC-hbr", ["sizelength"] = "13", ["indexlength"] = "3", ["indexdeltalength"] = "3",
        },
    };

    private static byte[][] PayloadSeeds(Codec codec) => codec switch
    {
        Codec.H264 =>
        [
            H264DepacketizerTests.StapA(H264DepacketizerTests.Sps, H264DepacketizerTests.Pps, H264DepacketizerTests.Idr),
            .. H264DepacketizerTests.FuA(H264DepacketizerTests.Idr, 3),
            H264DepacketizerTests.Slice,
        ],
        Codec.H265 =>
        [
            [48 << 1, 1, 0, 3, 32 << 1, 1, 9, 0, 3, 33 << 1, 1, 9, 0, 3, 34 << 1, 1, 9],
            [49 << 1, 1, 0x80 | 19, 1, 2, 3], [49 << 1, 1, 19, 4, 5], [49 << 1, 1, 0x40 | 19, 6],
            [1 << 1, 1, 7, 7, 7],
        ],
        Codec.Aac => [[0, 32, 0, 24, 0, 16, 1, 2, 3, 4, 5], [0, 16, 0, 80, 1, 2, 3]],
        _ => [[0xD5, 0xD5, 0x55]],
    };

    [TestCase(Codec.H264)]
    [TestCase(Codec.H265)]
    [TestCase(Codec.Aac)]
    [TestCase(Codec.Pcma)]
    public void Depacketizer_never_throws_and_emits_well_formed_samples(Codec codec)
    {
        var rng = new Random(2024 + (int)codec);
        byte[][] seeds = PayloadSeeds(codec);
        using var receiver = new RtpTrackReceiver(0, Track(codec));
        ushort seq = 0;
        uint ts = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] payload = rng.Next(4) == 0 ? RtspFuzzTests.Mutate(rng, seeds) : seeds[rng.Next(seeds.Length)];
            seq += (ushort)(rng.Next(10) == 0 ? rng.Next(0, 5) : 1);      // loss, duplicates
            ts += (uint)(rng.Next(3) == 0 ? 3000 : 0);
            byte[] packet = RtpBytes(seq, ts, marker: rng.Next(3) == 0, payload);
            if (rng.Next(20) == 0)
                packet[rng.Next(packet.Length)] ^= (byte)rng.Next(1, 256); // header damage too

            receiver.ProcessRtp(packet);
            for (int k = 0; k < receiver.ReadyCount; k++)
            {
                MediaSample s = receiver.GetReady(k);
                Assert.That(s.Data.Length, Is.GreaterThan(0));
                if (codec is Codec.H264 or Codec.H265)
                    AssertLengthPrefixed(s.Data.Span);
            }
        }
    }

    private static void AssertLengthPrefixed(ReadOnlySpan<byte> data)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            Assert.That(offset + 4, Is.LessThanOrEqualTo(data.Length));
            int n = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            Assert.That(n, Is.GreaterThan(0));
            offset += 4 + n;
        }
        Assert.That(offset, Is.EqualTo(data.Length));
    }

    [Test]
    public void Rtp_and_rtcp_parsers_never_throw_on_random_bytes()
    {
        var rng = new Random(99);
        var buffer = new byte[128];
        for (int i = 0; i < Iterations; i++)
        {
            int n = rng.Next(buffer.Length);
            rng.NextBytes(buffer);
            if (rng.Next(2) == 0)
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            if (RtpPacket.TryParse(buffer.AsSpan(0, n), out RtpPacket p))
                Assert.That(p.PayloadOffset + p.PayloadLength, Is.LessThanOrEqualTo(n));
            RtcpSenderReport.TryFind(buffer.AsSpan(0, n), out _);
        }
    }
}
