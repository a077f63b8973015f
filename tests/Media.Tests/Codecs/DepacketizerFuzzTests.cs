using System.Buffers.Binary;
using VmsServices.Media.Codecs;
using VmsServices.Media.Rtp;
using VmsServices.Media.Tests.Rtsp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

/// <summary>
/// Randomized robustness (fixed seeds, 100,000 malformed packets per case) for RTP/RTCP parsing and
/// every depacketizer: no exception, no hang, bounded memory, and only well-formed samples out.
/// </summary>
public class DepacketizerFuzzTests
{
    private const int Iterations = RtspFuzzTests.Iterations;

    private static TrackInfo Track(Codec codec, Dictionary<string, string>? formatParameters = null) => new()
    {
        Codec = codec,
        PayloadType = 96,
        ClockRate = 90000,
        Control = "",
        FormatParameters = formatParameters ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
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

    /// <summary>NAL unit types worth hitting: slices, key frames, parameter sets, aggregation and fragmentation units.</summary>
    private static readonly int[] H264Types = [1, 5, 7, 8, 24, 28, 0, 25, 29, 31];
    private static readonly int[] H265Types = [1, 19, 21, 32, 33, 34, 48, 49, 50, 63];

    [TestCase(Codec.H264)]
    [TestCase(Codec.H265)]
    [TestCase(Codec.Aac)]
    [TestCase(Codec.Pcma)]
    public void Depacketizer_never_throws_and_emits_well_formed_samples(Codec codec)
    {
        FuzzGuard.Run(() =>
        {
            var rng = new Random(2024 + (int)codec);
            TrackInfo track = Track(codec);
            using var receiver = new RtpTrackReceiver(0, track);
            var stream = new PacketStream(rng);
            int emitted = 0;
            for (int i = 0; i < Iterations; i++)
            {
                if (rng.Next(500) == 0)
                    receiver.ProcessRtcp(SenderReport(stream.Ssrc, (ulong)rng.NextInt64(), (uint)rng.Next()));
                receiver.ProcessRtp(stream.Next(Payload(rng, codec)));
                for (int k = 0; k < receiver.ReadyCount; k++)
                {
                    MediaSample s = receiver.GetReady(k);
                    Assert.That(s.Data.Length, Is.GreaterThan(0));
                    if (track.IsVideo)
                    {
                        Assert.That(s.IsKeyFrame || emitted > 0, Is.True, "the first video sample is a key frame");
                        AssertLengthPrefixedWithoutParameterSets(s.Data.Span, codec);
                    }
                    emitted++;
                }
            }
            Assert.That(emitted, Is.GreaterThan(0), "the fuzzed stream still reaches the sample output");
            Assert.That(track.ParameterSets, Has.Count.LessThanOrEqualTo(codec == Codec.H265 ? 3 : 2));
        });
    }

    /// <summary>A seed as is, a mutated seed, or a payload built around an interesting NAL unit type.</summary>
    private static byte[] Payload(Random rng, Codec codec)
    {
        byte[][] seeds = PayloadSeeds(codec);
        return rng.Next(4) switch
        {
            0 => RtspFuzzTests.Mutate(rng, seeds),
            1 when codec is Codec.H264 or Codec.H265 => Structured(rng, codec),
            _ => seeds[rng.Next(seeds.Length)],
        };
    }

    /// <summary>
    /// Random bytes behind a NAL header of an interesting type; aggregation packets get a list of
    /// (16-bit size, NAL unit) whose sizes are mostly right; fragmentation units random S/E bits.
    /// </summary>
    private static byte[] Structured(Random rng, Codec codec)
    {
        bool h265 = codec == Codec.H265;
        int headerBytes = h265 ? 2 : 1;
        int type = h265 ? H265Types[rng.Next(H265Types.Length)] : H264Types[rng.Next(H264Types.Length)];
        var payload = new byte[headerBytes + rng.Next(0, 40)];
        rng.NextBytes(payload);
        if (h265)
            payload[0] = (byte)((payload[0] & 0x81) | (type << 1));
        else
            payload[0] = (byte)((payload[0] & 0xE0) | type);
        bool aggregation = h265 ? type == 48 : type == 24;
        if (aggregation)
            WriteAggregatedSizes(rng, payload, headerBytes);
        return payload;
    }

    private static void WriteAggregatedSizes(Random rng, byte[] payload, int offset)
    {
        while (offset + 2 <= payload.Length)
        {
            int size = rng.Next(10) == 0 ? rng.Next(0, 65536) : Math.Min(rng.Next(0, 12), payload.Length - offset - 2);
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(offset), (ushort)size);
            offset += 2 + size;
        }
    }

    /// <summary>RTP packets with loss, duplicates, reordering, timestamp jumps both ways, header damage and SSRC changes.</summary>
    private sealed class PacketStream(Random rng)
    {
        private ushort _sequence;
        private uint _timestamp;

        public uint Ssrc { get; private set; } = 0x11223344;

        public byte[] Next(byte[] payload)
        {
            _sequence += (ushort)(rng.Next(10) == 0 ? rng.Next(-3, 6) : 1);
            _timestamp += rng.Next(8) switch
            {
                0 or 1 or 2 => 3000,
                3 => (uint)rng.Next(),          // a jump, forwards or (wrapped) backwards
                _ => 0,
            };
            if (rng.Next(5000) == 0)
                Ssrc = (uint)rng.Next();
            byte[] packet = RtpBytes(_sequence, _timestamp, marker: rng.Next(3) == 0, payload, ssrc: Ssrc);
            if (rng.Next(20) == 0)
                packet[rng.Next(packet.Length)] ^= (byte)rng.Next(1, 256);
            return packet;
        }
    }

    private static void AssertLengthPrefixedWithoutParameterSets(ReadOnlySpan<byte> data, Codec codec)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            Assert.That(offset + 4, Is.LessThanOrEqualTo(data.Length));
            int n = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            Assert.That(n, Is.GreaterThan(0));
            Assert.That(offset + 4 + n, Is.LessThanOrEqualTo(data.Length));
            int type = codec == Codec.H265 ? (data[offset + 4] >> 1) & 0x3F : data[offset + 4] & 0x1F;
            Assert.That(type, codec == Codec.H265 ? Is.Not.InRange(32, 34) : Is.Not.InRange(7, 8), "parameter sets stay out of samples");
            offset += 4 + n;
        }
        Assert.That(offset, Is.EqualTo(data.Length));
    }

    [TestCase(Codec.H264)]
    [TestCase(Codec.H265)]
    public void A_fragmented_nal_unit_that_never_ends_is_dropped_at_the_frame_limit(Codec codec)
    {
        byte[] start = codec == Codec.H264 ? [0x7C, 0x85] : [49 << 1, 1, 0x80 | 19];
        byte[] middle = codec == Codec.H264 ? [0x7C, 0x05] : [49 << 1, 1, 19];
        byte[] data = new byte[60_000];
        int packets = Depacketizer.MaxFrameBytes / data.Length + 10;
        FuzzGuard.Run(() =>
        {
            using var receiver = new RtpTrackReceiver(0, Track(codec));
            for (int i = 0; i < packets; i++)
                receiver.ProcessRtp(RtpBytes((ushort)i, 3000, marker: i == packets - 1, [.. i == 0 ? start : middle, .. data]));
            Assert.That(receiver.ReadyCount, Is.Zero);
            Assert.That(receiver.DroppedFrames, Is.EqualTo(1));
        });
    }

    [Test]
    public void Aac_depacketizer_never_throws_whatever_the_format_parameters()
    {
        string[] names = ["sizelength", "indexlength", "indexdeltalength", "ctsdeltalength", "dtsdeltalength",
            "randomaccessindication", "streamstateindication", "auxiliarydatasizelength", "constantduration"];
        FuzzGuard.Run(() =>
        {
            var rng = new Random(31);
            for (int run = 0; run < Iterations / 100; run++)
            {
                var fmtp = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["mode"] = "AAC-hbr" };
                foreach (string name in names)
                    if (rng.Next(3) == 0)
                        fmtp[name] = rng.Next(4) == 0 ? "31" : rng.Next(-2, 33).ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var receiver = new RtpTrackReceiver(0, Track(Codec.Aac, fmtp));
                var stream = new PacketStream(rng);
                for (int i = 0; i < 100; i++)
                {
                    var payload = new byte[rng.Next(0, 64)];
                    rng.NextBytes(payload);
                    if (payload.Length > 2 && rng.Next(4) == 0)
                    {
                        // a short AU-header section followed by all-ones: the largest sizes every field can hold
                        payload[0] = 0;
                        payload[1] = (byte)rng.Next(0, 33);
                        payload.AsSpan(2).Fill(0xFF);
                    }
                    receiver.ProcessRtp(stream.Next(payload));
                    for (int k = 0; k < receiver.ReadyCount; k++)
                        Assert.That(receiver.GetReady(k).Data.Length, Is.GreaterThan(0));
                }
            }
        });
    }

    [Test]
    public void Rtp_and_rtcp_parsers_never_throw_on_random_bytes()
    {
        FuzzGuard.Run(() =>
        {
            var rng = new Random(99);
            var buffer = new byte[128];
            for (int i = 0; i < Iterations; i++)
            {
                int n = rng.Next(buffer.Length);
                rng.NextBytes(buffer);
                if (rng.Next(2) == 0)
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));      // version 2, random P/X/CC
                if (rng.Next(4) == 0)
                    buffer[1] = 200;                                     // an RTCP sender report
                if (rng.Next(4) == 0)
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)rng.Next(0, 40));
                if (RtpPacket.TryParse(buffer.AsSpan(0, n), out RtpPacket p))
                {
                    Assert.That(p.PayloadOffset, Is.GreaterThanOrEqualTo(RtpPacket.FixedHeaderLength + 4 * p.CsrcCount));
                    Assert.That(p.PayloadLength, Is.GreaterThanOrEqualTo(0));
                    Assert.That(p.PayloadOffset + p.PayloadLength, Is.LessThanOrEqualTo(n));
                }
                RtcpSenderReport.TryFind(buffer.AsSpan(0, n), out RtcpSenderReport sr);
                _ = sr.UtcMicros;
            }
        });
    }
}
