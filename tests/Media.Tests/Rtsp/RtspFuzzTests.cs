using System.Buffers;
using System.Text;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

/// <summary>Randomized robustness (fixed seeds): the parsers never throw undocumented exceptions nor loop.</summary>
public class RtspFuzzTests
{
    private const int Iterations = 20_000;
    private static readonly RtspFramerLimits Limits = new() { MaxHeaderBytes = 2048, MaxBodyBytes = 4096, MaxInterleavedPayload = 1500 };

    private static readonly byte[][] Seeds =
    [
        Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 5\r\n\r\nv=0\r\n"),
        Encoding.ASCII.GetBytes("RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\n\n"),
        [(byte)'$', 0, 0, 12, 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
        [(byte)'$', 1, 0, 8, 0x80, 200, 0, 1, 0, 0, 0, 1],
    ];

    internal static byte[] Mutate(Random rng, byte[][] seeds)
    {
        var data = new List<byte>();
        int parts = rng.Next(1, 5);
        for (int i = 0; i < parts; i++)
            data.AddRange(seeds[rng.Next(seeds.Length)]);
        int mutations = rng.Next(0, 6);
        for (int i = 0; i < mutations && data.Count > 0; i++)
        {
            int at = rng.Next(data.Count);
            switch (rng.Next(4))
            {
                case 0: data[at] = (byte)rng.Next(256); break;
                case 1: data.RemoveAt(at); break;
                case 2: data.Insert(at, (byte)"$R\r\n:0"[rng.Next(6)]); break;
                default: data.RemoveRange(at, Math.Min(rng.Next(1, 8), data.Count - at)); break;
            }
        }
        if (rng.Next(8) == 0)
        {
            var random = new byte[rng.Next(0, 200)];
            rng.NextBytes(random);
            data.AddRange(random);
        }
        return data.ToArray();
    }

    [Test]
    public void Framer_survives_random_and_mutated_streams_and_always_makes_progress()
    {
        var rng = new Random(12345);
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(rng, Seeds);
            var buffer = new ReadOnlySequence<byte>(input);
            for (int steps = 0; ; steps++)
            {
                Assert.That(steps, Is.LessThanOrEqualTo(input.Length + 1), "framer did not make progress");
                long before = buffer.Length;
                RtspFrameKind kind;
                try
                {
                    kind = RtspFramer.TryReadNext(ref buffer, Limits, out _, out _, out _);
                }
                catch (RtspProtocolException)
                {
                    break; // documented: oversized Content-Length
                }
                if (kind == RtspFrameKind.NeedMoreData)
                {
                    Assert.That(buffer.Length, Is.EqualTo(before));
                    break;
                }
                Assert.That(buffer.Length, Is.LessThan(before));
            }
        }
    }

    [Test]
    public void Response_parser_and_header_helpers_never_throw_on_mutated_input()
    {
        var rng = new Random(777);
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(rng, Seeds[..2]);
            var buffer = new ReadOnlySequence<byte>(input);
            try
            {
                RtspFramer.TryParseResponse(ref buffer, Limits, out _);
            }
            catch (RtspProtocolException)
            {
            }
            string text = Encoding.Latin1.GetString(input);
            RtspHeaders.TryParseSession(text, out _, out _);
            RtspHeaders.TryParseInterleaved(text, out _, out _);
            RtspAuthenticator.ParseParameters(text);
            new RtspAuthenticator("u", "p").TryAcceptChallenge([text, "Digest " + text]);
        }
    }

    [Test]
    public void Sdp_parser_and_track_mapper_never_throw_on_mutated_input()
    {
        byte[][] seeds =
        [
            Encoding.ASCII.GetBytes("v=0\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"),
            Encoding.ASCII.GetBytes("a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==\r\n"),
            Encoding.ASCII.GetBytes("m=audio 0 RTP/AVP 97 0 8\r\na=rtpmap:97 MPEG4-GENERIC/16000/2\r\na=fmtp:97 mode=AAC-hbr;config=1410\r\n"),
            Encoding.ASCII.GetBytes("m=video 0 RTP/AVP 98\r\na=rtpmap:98 H265/90000\r\na=fmtp:98 sprop-vps=QAE=;sprop-sps=QgE=\r\na=control:/x\r\n"),
        ];
        var rng = new Random(4242);
        for (int i = 0; i < Iterations; i++)
        {
            var sdp = SdpParser.Parse(Encoding.Latin1.GetString(Mutate(rng, seeds)));
            List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, "rtsp://cam/live");
            Assert.That(tracks.All(t => t.Control.Length > 0), Is.True);
        }
    }
}
