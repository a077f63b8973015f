using VmsServices.Media.Rtsp;
using VmsServices.Media.Tests.Codecs;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Rtsp;

public class RtspSessionEndToEndTests
{
    private static readonly byte[] Sps = H264DepacketizerTests.Sps;
    private static readonly byte[] Pps = H264DepacketizerTests.Pps;
    private static readonly byte[] Idr = H264DepacketizerTests.Idr;
    private static readonly byte[] Slice = H264DepacketizerTests.Slice;

    private static string SdpWithSprop =>
        "v=0\r\ns=fake\r\nt=0 0\r\na=control:*\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n" +
        $"a=fmtp:96 packetization-mode=1;sprop-parameter-sets={Convert.ToBase64String(Sps)},{Convert.ToBase64String(Pps)}\r\n" +
        "a=control:trackID=1\r\n";

    private static byte[] Interleaved(int channel, byte[] data) =>
        Concat([(byte)'$', (byte)channel, (byte)(data.Length >> 8), (byte)data.Length], data);

    private sealed record Received(long Timestamp, bool Key, byte[] Data, long? Utc);

    private static async Task<List<Received>> CollectAsync(RtspSession session, int count, TimeSpan timeout)
    {
        var received = new List<Received>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await session.RunAsync(s =>
            {
                received.Add(new Received(s.RtpTimestamp, s.IsKeyFrame, s.Data.ToArray(), s.CaptureUtcMicros));
                if (received.Count == count)
                    cts.Cancel();
                return ValueTask.CompletedTask;
            }, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return received;
    }

    [Test]
    public async Task Client_authenticates_with_digest_and_receives_frames_across_garbage_and_absurd_lengths()
    {
        List<byte[]> idrFragments = H264DepacketizerTests.FuA(Idr, 4);
        await using var server = new FakeRtspServer
        {
            User = "admin",
            Password = "s3cret",
            Sdp = SdpWithSprop,
            OnPlay = async (write, ct) =>
            {
                await write(Concat("\0\u0001junk before data"u8.ToArray()));
                await write(Interleaved(0, RtpBytes(100, 0, false, idrFragments[0])));
                await write([(byte)'$', 0, 0xFF, 0xFF, 0x80, 0x60, 0x12]); // absurd length, then garbage
                await write(Interleaved(0, RtpBytes(101, 0, false, idrFragments[1])));
                await write(Interleaved(7, RtpBytes(55, 0, true, Slice)));       // unknown channel
                await write(Interleaved(0, RtpBytes(102, 0, true, idrFragments[2])));
                await write(Interleaved(1, SenderReport(0x11223344, 3913056000UL << 32, 0)));
                await write(Interleaved(0, RtpBytes(103, 3000, true, Slice)));
                await write("RTSP/1.0 garbage\r\n"u8.ToArray());
                await write(Interleaved(0, RtpBytes(104, 6000, true, Slice)));
                await write(Interleaved(0, RtpBytes(105, 9000, true, Idr)));
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        string url = server.Url.Replace("rtsp://", "rtsp://admin:s3cret@");

        await using RtspSession session = await RtspSession.ConnectAsync(new RtspSessionOptions { Url = url });
        List<Received> frames = await CollectAsync(session, 4, TimeSpan.FromSeconds(10));

        Assert.That(session.Tracks.Single().Codec, Is.EqualTo(Codec.H264));
        Assert.That(frames.Select(f => (f.Timestamp, f.Key)), Is.EqualTo(new[] { (0L, true), (3000L, false), (6000L, false), (9000L, true) }));
        Assert.That(frames[0].Data, Is.EqualTo(LengthPrefixed(Idr)));
        Assert.That(frames[1].Data, Is.EqualTo(LengthPrefixed(Slice)));
        Assert.That(frames[1].Utc, Is.EqualTo(1704067200L * 1_000_000 + 3000 * 1_000_000L / 90000));
        Assert.That(session.SkippedBytes, Is.GreaterThan(0));
        Assert.That(session.GetStatistics(0).LostPackets, Is.Zero);
        Assert.That(server.Requests, Has.Some.StartsWith("DESCRIBE").And.EndsWith("+auth"));
        Assert.That(server.Requests, Has.Some.EqualTo($"SETUP {server.Url}/trackID=1 +auth"));

        await session.DisposeAsync();
        Assert.That(() => server.Requests.Any(r => r.StartsWith("TEARDOWN")), Is.True.After(2000, 20));
    }

    [Test]
    public async Task Wrong_password_fails_with_an_authentication_exception()
    {
        await using var server = new FakeRtspServer { User = "admin", Password = "right", Sdp = SdpWithSprop };

        var e = Assert.ThrowsAsync<RtspAuthenticationException>(async () =>
            await RtspSession.ConnectAsync(new RtspSessionOptions { Url = server.Url, UserName = "admin", Password = "wrong" }));

        Assert.That(e!.StatusCode, Is.EqualTo(401));
        Assert.That(server.Requests.Count(r => r.StartsWith("DESCRIBE")), Is.EqualTo(2), "one retry only");
    }

    [Test]
    public async Task Redirect_is_followed_to_the_location()
    {
        await using var camera = new FakeRtspServer { Sdp = SdpWithSprop };
        await using var redirector = new FakeRtspServer { RedirectTo = camera.Url };

        await using RtspSession session = await RtspSession.ConnectAsync(new RtspSessionOptions { Url = redirector.Url });

        Assert.That(session.ControlUrl, Does.StartWith(camera.Url));
        Assert.That(camera.Requests, Has.Some.StartsWith("PLAY"));
    }

    [Test]
    public async Task Stalled_stream_ends_run_with_a_data_stall_timeout_after_keep_alives()
    {
        await using var server = new FakeRtspServer { Sdp = SdpWithSprop };
        var options = new RtspSessionOptions
        {
            Url = server.Url,
            DataStallTimeout = TimeSpan.FromMilliseconds(1500),
            KeepAliveInterval = TimeSpan.FromSeconds(1),
        };
        await using RtspSession session = await RtspSession.ConnectAsync(options);

        var e = Assert.ThrowsAsync<RtspTimeoutException>(() => session.RunAsync(_ => ValueTask.CompletedTask, CancellationToken.None));

        Assert.That(e!.Kind, Is.EqualTo(RtspTimeoutKind.DataStall));
        Assert.That(server.Requests, Has.Some.StartsWith("GET_PARAMETER"));
    }

    [Test]
    public async Task Camera_closing_the_connection_ends_run_with_a_connection_exception()
    {
        await using var server = new FakeRtspServer
        {
            Sdp = SdpWithSprop,
            OnPlay = (write, _) => write(Interleaved(0, RtpBytes(1, 0, true, Idr))),
        };
        await using RtspSession session = await RtspSession.ConnectAsync(new RtspSessionOptions { Url = server.Url });
        await server.DisposeAsync();

        Assert.ThrowsAsync<RtspConnectionException>(() => session.RunAsync(_ => ValueTask.CompletedTask, CancellationToken.None));
    }

    [Test]
    public void Connection_refused_is_reported_as_a_connection_exception()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.ThrowsAsync<RtspConnectionException>(() =>
            RtspSession.ConnectAsync(new RtspSessionOptions { Url = $"rtsp://127.0.0.1:{port}/x" }));
    }
}
