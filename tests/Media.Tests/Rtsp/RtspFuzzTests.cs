using System.Buffers;
using System.Text;
using VmsServices.Media.Rtp;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

/// <summary>
/// Randomized robustness (fixed seeds, 100,000 malformed inputs per parser): the parsers never
/// throw undocumented exceptions, never loop, never ask to buffer more than their limits, and give
/// the same result whatever the TCP segmentation.
/// </summary>
public class RtspFuzzTests
{
    internal const int Iterations = 100_000;
    private static readonly RtspFramerLimits Limits = new() { MaxHeaderBytes = 2048, MaxBodyBytes = 4096, MaxInterleavedPayload = 1500 };

    /// <summary>The most a connection ever holds back waiting for one unit under <see cref="Limits"/>.</summary>
    private static readonly long MaxHeldBackBytes =
        Math.Max(Limits.MaxHeaderBytes + Limits.MaxBodyBytes, 4 + Limits.MaxInterleavedPayload);

    private static readonly byte[][] ResponseSeeds =
    [
        Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 5\r\n\r\nv=0\r\n"),
        Encoding.ASCII.GetBytes("RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Digest realm=\"a\", nonce=\"b\"\n\n"),
        Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 12ab;timeout=60\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n  ;ssrc=1\r\n\r\n"),
        Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nContent-Length: 99999999\r\n\r\n"),   // over MaxBodyBytes: documented throw
        Encoding.ASCII.GetBytes("RTSP/1.0 200 OK\r\nContent-Length: -1\r\nContent-Length: 2\r\n\r\nab"),
        Encoding.ASCII.GetBytes($"RTSP/1.0 200 {new string('x', 1030)}\r\n\r\n"),             // status line over its limit
        Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nX-Long: {new string('y', 2040)}\r\n\r\n"), // headers over MaxHeaderBytes
    ];

    private static readonly byte[][] InterleavedSeeds =
    [
        [(byte)'$', 0, 0, 12, 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
        [(byte)'$', 1, 0, 28, 0x80, 200, 0, 6, 0, 0, 0, 1, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 1],
        [(byte)'$', 2, 0x05, 0xDC, .. new byte[1500]],   // exactly MaxInterleavedPayload
        [(byte)'$', 3, 0x05, 0xDD, 0x80],                // one over: resynchronise
        [(byte)'$', 4, 0, 0],                            // empty frame
    ];

    private static readonly byte[][] StreamSeeds = [.. ResponseSeeds, .. InterleavedSeeds];

    /// <summary>1-4 seeds back to back, then up to 5 byte-level mutations and sometimes random tail bytes.</summary>
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
    public void Framer_survives_malformed_streams_and_gives_the_same_units_whatever_the_segmentation()
    {
        FuzzGuard.Run(() =>
        {
            var rng = new Random(12345);
            for (int i = 0; i < Iterations; i++)
            {
                byte[] input = Mutate(rng, StreamSeeds);
                StreamOutcome whole = ReadStream(input, chunking: null);
                StreamOutcome chunked = ReadStream(input, chunking: rng);
                if (!whole.Units.SequenceEqual(chunked.Units) || whole.Threw != chunked.Threw)
                    Assert.Fail($"input #{i} ({input.Length} bytes: {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 64)))}...): whole [{Shorten(whole)}] != chunked [{Shorten(chunked)}]");
            }
        });
    }

    private static string Shorten(StreamOutcome outcome) =>
        string.Join(", ", outcome.Units.Select(u => u.Length > 40 ? u[..40] + "..." : u)) + (outcome.Threw ? ", threw" : "");

    private sealed record StreamOutcome(List<string> Units, bool Threw);

    /// <summary>
    /// Reads <paramref name="input"/> the way a connection does: whole, or arriving in random chunks
    /// held in a multi-segment buffer, re-reading what was not consumed after each chunk.
    /// </summary>
    private static StreamOutcome ReadStream(byte[] input, Random? chunking)
    {
        var units = new List<string>();
        int start = 0, received = chunking is null ? input.Length : 0;
        while (true)
        {
            if (received < input.Length)
                received = Math.Min(input.Length, received + chunking!.Next(1, 600));
            ReadOnlySequence<byte> buffer = Segmented(input.AsMemory(start, received - start), chunking);
            for (int steps = 0; ; steps++)
            {
                Assert.That(steps, Is.LessThanOrEqualTo(input.Length + 1), "framer did not make progress");
                long before = buffer.Length;
                RtspFrameKind kind;
                try
                {
                    kind = RtspFramer.TryReadNext(ref buffer, Limits, out int channel, out ReadOnlySequence<byte> payload, out RtspResponse? response);
                    if (kind == RtspFrameKind.Interleaved)
                        units.Add(DescribeInterleaved(channel, payload));
                    else if (kind == RtspFrameKind.Response)
                        units.Add($"{response!.StatusCode} {response.Headers.Count}h {Convert.ToHexString(response.Body)}");
                }
                catch (RtspProtocolException)
                {
                    return new StreamOutcome(units, Threw: true); // documented: oversized Content-Length
                }
                if (kind == RtspFrameKind.NeedMoreData)
                {
                    Assert.That(buffer.Length, Is.EqualTo(before));
                    Assert.That(before, Is.LessThanOrEqualTo(MaxHeldBackBytes), "framer holds back more than its limits allow");
                    break;
                }
                Assert.That(buffer.Length, Is.LessThan(before));
            }
            start = received - (int)buffer.Length;
            if (received == input.Length)
                return new StreamOutcome(units, Threw: false);
        }
    }

    /// <summary>An interleaved payload as the session hands it on: RTP or RTCP parsing never throws either.</summary>
    private static string DescribeInterleaved(int channel, in ReadOnlySequence<byte> payload)
    {
        byte[] packet = payload.ToArray();
        bool rtp = RtpPacket.TryParse(packet, out _);
        bool sr = RtcpSenderReport.TryFind(packet, out _);
        return $"${channel}:{Convert.ToHexString(packet)}:{rtp}:{sr}";
    }

    /// <summary><paramref name="data"/> split at random points into a multi-segment sequence (one segment without <paramref name="rng"/>).</summary>
    private static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> data, Random? rng)
    {
        if (rng is null || data.Length < 2)
            return new ReadOnlySequence<byte>(data);
        int cut = rng.Next(1, data.Length);
        var first = new ChunkSegment(data[..cut], 0);
        ChunkSegment last = first;
        while (cut < data.Length)
        {
            int next = Math.Min(data.Length, cut + rng.Next(1, 300));
            last = last.Append(data[cut..next]);
            cut = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
    {
        public ChunkSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public ChunkSegment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new ChunkSegment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    [Test]
    public void Response_parser_and_header_helpers_never_throw_on_mutated_input()
    {
        FuzzGuard.Run(() =>
        {
            var rng = new Random(777);
            var auth = new RtspAuthenticator("u", "p");
            for (int i = 0; i < Iterations; i++)
            {
                byte[] input = Mutate(rng, ResponseSeeds);
                var buffer = new ReadOnlySequence<byte>(input);
                try
                {
                    if (RtspFramer.TryParseResponse(ref buffer, Limits, out RtspResponse? response) == RtspParseStatus.Complete)
                        CheckResponse(response!, input.Length - buffer.Length);
                }
                catch (RtspProtocolException)
                {
                }
                string text = Encoding.Latin1.GetString(input);
                RtspHeaders.TryParseSession(text, out _, out _);
                RtspHeaders.TryParseInterleaved(text, out _, out _);
                RtspHeaders.ListsMethod(text, "GET_PARAMETER");
                RtspAuthenticator.ParseParameters(text);
                if (auth.TryAcceptChallenge([text, "Digest " + text]))
                    auth.GetAuthorization("DESCRIBE", "rtsp://cam/live");
            }
        });
    }

    /// <summary>A complete response is a valid status and a body within the limits it consumed.</summary>
    private static void CheckResponse(RtspResponse response, long consumed)
    {
        Assert.That(response.StatusCode, Is.InRange(100, 999));
        Assert.That(response.Body.Length, Is.LessThanOrEqualTo(Limits.MaxBodyBytes));
        Assert.That(consumed, Is.LessThanOrEqualTo(Limits.MaxHeaderBytes + response.Body.Length));
        _ = response.CSeq;
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
        FuzzGuard.Run(() =>
        {
            var rng = new Random(4242);
            for (int i = 0; i < Iterations; i++)
            {
                var sdp = SdpParser.Parse(Encoding.Latin1.GetString(Mutate(rng, seeds)));
                List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, "rtsp://cam/live");
                Assert.That(tracks.All(t => t.Control.Length > 0), Is.True);
            }
        });
    }
}

/// <summary>
/// Runs a fuzz loop with a no-hang guard and a memory bound. The loop runs on its own thread with a
/// generous wall-clock budget, so a parser stuck in a loop fails the test instead of stalling the
/// run; what stays reachable after a full collection may grow by at most 64 MiB.
/// </summary>
internal static class FuzzGuard
{
    public const long MaxRetainedBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(3);

    public static void Run(Action fuzz)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        Task run = Task.Factory.StartNew(fuzz, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(Budget))
            Assert.Fail($"The fuzz loop was still running after {Budget.TotalMinutes} minutes: a parser hangs");
        run.GetAwaiter().GetResult(); // rethrows the loop's assertion failure, if any
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.That(retained, Is.LessThan(MaxRetainedBytes), "memory retained after the fuzz loop");
    }
}
