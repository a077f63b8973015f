using System.Buffers.Binary;
using System.Net.Sockets;
using VmsServices.SimCamera.Rtp;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Tests;

[Parallelizable(ParallelScope.None)]
public class SimulatedCameraServerTests
{
    private static SimulatedCameraOptions Options(Action<SimulatedCameraOptions>? configure = null)
    {
        var options = new SimulatedCameraOptions { Port = 0, Cameras = 2, EmbeddedMedia = H264Loop.Small360Resource };
        configure?.Invoke(options);
        return options;
    }

    private static async Task<(TestRtspClient Client, TestRtspClient.Response Play)> PlayAsync(SimulatedCameraServer server, int camera = 1, string? query = null)
    {
        var client = await TestRtspClient.ConnectAsync(server.Port);
        var url = server.GetUrl(camera, query: query);
        var describe = await client.RequestAsync("DESCRIBE", url, "Accept: application/sdp");
        Assert.That(describe.Status, Is.EqualTo(200));
        var setup = await client.RequestAsync("SETUP", describe["Content-Base"] + "track1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        Assert.That(setup.Status, Is.EqualTo(200));
        var session = setup["Session"]!.Split(';')[0];
        var play = await client.RequestAsync("PLAY", url, $"Session: {session}", "Range: npt=0.000-");
        Assert.That(play.Status, Is.EqualTo(200));
        return (client, play);
    }

    private static (int Seq, uint Ts, bool Marker, byte[] Payload) Rtp(byte[] packet) =>
        (BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)), (packet[1] & 0x80) != 0, packet[12..]);

    [Test]
    public async Task Options_lists_the_supported_methods()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        var response = await client.RequestAsync("OPTIONS", server.GetUrl(1));
        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response["CSeq"], Is.EqualTo("1"));
        Assert.That(response["Public"], Does.Contain("DESCRIBE").And.Contain("SETUP").And.Contain("PLAY").And.Contain("TEARDOWN").And.Contain("GET_PARAMETER"));
    }

    [Test]
    public async Task Describe_returns_the_sdp_with_a_content_base_for_relative_track_control()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        var response = await client.RequestAsync("DESCRIBE", server.GetUrl(2), "Accept: application/sdp");
        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response["Content-Type"], Is.EqualTo("application/sdp"));
        Assert.That(response["Content-Base"], Is.EqualTo($"rtsp://127.0.0.1:{server.Port}/cam2/"));
        Assert.That(response.Body, Does.Contain("a=rtpmap:96 H264/90000").And.Contain("a=control:track1").And.Contain("sprop-parameter-sets="));
    }

    [Test]
    public async Task Unknown_mount_is_not_found()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        Assert.That((await client.RequestAsync("DESCRIBE", $"rtsp://127.0.0.1:{server.Port}/cam3")).Status, Is.EqualTo(404));
        Assert.That((await client.RequestAsync("DESCRIBE", $"rtsp://127.0.0.1:{server.Port}/")).Status, Is.EqualTo(404));
    }

    [Test]
    public async Task Udp_transport_is_answered_with_461_and_play_without_setup_with_455()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        var setup = await client.RequestAsync("SETUP", server.GetUrl(1) + "/track1", "Transport: RTP/AVP;unicast;client_port=5000-5001");
        Assert.That(setup.Status, Is.EqualTo(461));
        Assert.That((await client.RequestAsync("PLAY", server.GetUrl(1))).Status, Is.EqualTo(455));
    }

    [Test]
    public async Task Play_streams_from_an_idr_with_in_band_sps_starting_at_the_announced_seq_and_rtptime()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (client, play) = await PlayAsync(server);
        using var _ = client;
        Assert.That(play["Session"], Does.EndWith(";timeout=60"));
        var rtpInfo = play["RTP-Info"]!.Split(';').Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

        await client.ReadFramesAsync(TimeSpan.FromSeconds(2.5));

        Assert.That(client.Frames[0].Channel, Is.EqualTo(1), "an RTCP sender report precedes the media");
        Assert.That(client.Frames[0].Data[1], Is.EqualTo(200));
        var rtp = client.Frames.Where(f => f.Channel == 0).Select(f => Rtp(f.Data)).ToList();
        Assert.That(rtp[0].Seq, Is.EqualTo(int.Parse(rtpInfo["seq"])));
        Assert.That(rtp[0].Ts, Is.EqualTo(uint.Parse(rtpInfo["rtptime"])));
        Assert.That(rtp[0].Payload[0] & 0x1F, Is.EqualTo(7), "SPS first");
        Assert.That(rtp[1].Payload[0] & 0x1F, Is.EqualTo(8), "then PPS");
        for (var i = 1; i < rtp.Count; i++)
            Assert.That((ushort)(rtp[i].Seq - rtp[i - 1].Seq), Is.EqualTo(1), "no sequence gaps");
        var frames = rtp.Count(p => p.Marker);
        // Up to 1 s waiting for the next IDR, then 25 fps.
        Assert.That(frames, Is.InRange(30, 64));
        var timestamps = rtp.Where(p => p.Marker).Select(p => p.Ts).ToList();
        for (var i = 1; i < timestamps.Count; i++)
            Assert.That(timestamps[i] - timestamps[i - 1], Is.EqualTo(3600u));
    }

    [Test]
    public async Task Frames_are_paced_in_real_time()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (client, _) = await PlayAsync(server);
        using var __ = client;
        await client.ReadFramesAsync(TimeSpan.FromSeconds(1.2)); // reach the first IDR
        var before = client.Frames.Count(f => f.Channel == 0 && (f.Data[1] & 0x80) != 0);
        Assert.That(before, Is.GreaterThan(0));
        await client.ReadFramesAsync(TimeSpan.FromSeconds(4));
        var frames = client.Frames.Count(f => f.Channel == 0 && (f.Data[1] & 0x80) != 0) - before;
        Assert.That(frames, Is.InRange(95, 105), "4 s at 25 fps");
    }

    [Test]
    public async Task Clients_of_one_mount_share_the_same_timeline()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (a, _) = await PlayAsync(server);
        var (b, _) = await PlayAsync(server);
        using var _a = a;
        using var _b = b;
        await Task.WhenAll(a.ReadFramesAsync(TimeSpan.FromSeconds(2.5)), b.ReadFramesAsync(TimeSpan.FromSeconds(2.5)));
        var mapA = a.Frames.Where(f => f.Channel == 0).Select(f => Rtp(f.Data)).ToDictionary(p => p.Seq, p => p.Ts);
        var common = b.Frames.Where(f => f.Channel == 0).Select(f => Rtp(f.Data)).Where(p => mapA.ContainsKey(p.Seq)).ToList();
        Assert.That(common.Count, Is.GreaterThan(30));
        Assert.That(common.All(p => mapA[p.Seq] == p.Ts), Is.True);
        Assert.That(a.Frames.First(f => f.Channel == 0).Data.AsSpan(8, 4).ToArray(), Is.EqualTo(b.Frames.First(f => f.Channel == 0).Data.AsSpan(8, 4).ToArray()), "SSRC");
    }

    [Test]
    public async Task Sender_report_maps_wall_clock_to_the_rtp_timeline()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (client, _) = await PlayAsync(server);
        using var _ = client;
        await client.ReadFramesAsync(TimeSpan.FromSeconds(1.5));
        var sr = client.Frames.First(f => f.Channel == 1).Data;
        var ntp = RtcpSenderReport.FromNtp(BinaryPrimitives.ReadUInt64BigEndian(sr.AsSpan(8)));
        var srRtp = BinaryPrimitives.ReadUInt32BigEndian(sr.AsSpan(16));
        Assert.That(ntp, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromSeconds(3)));
        // The SR goes out right before the first frame, whose timestamp is (almost) "now" on the same clock.
        var first = Rtp(client.Frames.First(f => f.Channel == 0).Data);
        Assert.That(Math.Abs((int)(first.Ts - srRtp)), Is.LessThan(90 * 60), "within 60 ms");
    }

    [Test]
    public async Task Malformed_request_gets_400_and_the_connection_keeps_working()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        await client.SendRawAsync("THIS IS NOT RTSP\r\nCSeq: 9\r\n\r\n");
        var bad = await client.ReadResponseAsync();
        Assert.That(bad.Status, Is.EqualTo(400));
        Assert.That(bad["CSeq"], Is.EqualTo("9"));
        Assert.That((await client.RequestAsync("OPTIONS", server.GetUrl(1))).Status, Is.EqualTo(200));
        Assert.That((await client.RequestAsync("FROB", server.GetUrl(1))).Status, Is.EqualTo(501));
    }

    [Test]
    public async Task Binary_garbage_without_line_ends_closes_only_that_connection()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        using (var evil = await TestRtspClient.ConnectAsync(server.Port))
        {
            var junk = new byte[40_000];
            new Random(7).NextBytes(junk);
            for (var i = 0; i < junk.Length; i++) if (junk[i] is (byte)'\n' or (byte)'$') junk[i] = 0x20;
            junk[0] = (byte)'X';
            await evil.SendRawAsync(junk);
            var response = await evil.ReadResponseAsync();
            Assert.That(response.Status, Is.EqualTo(400));
            Assert.That(await evil.ReadFramesAsync(TimeSpan.FromSeconds(5)), Is.False, "server closes the connection");
        }
        using var good = await TestRtspClient.ConnectAsync(server.Port);
        Assert.That((await good.RequestAsync("OPTIONS", server.GetUrl(1))).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Digest_auth_challenges_requests_without_valid_credentials()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options(o => { o.User = "admin"; o.Password = "pw"; }));
        using var client = await TestRtspClient.ConnectAsync(server.Port);
        Assert.That((await client.RequestAsync("OPTIONS", server.GetUrl(1))).Status, Is.EqualTo(200));
        var describe = await client.RequestAsync("DESCRIBE", server.GetUrl(1));
        Assert.That(describe.Status, Is.EqualTo(401));
        Assert.That(describe["WWW-Authenticate"], Does.StartWith("Digest realm="));

        var challenge = Rtsp.DigestAuthenticator.ParseParameters(describe["WWW-Authenticate"]!.AsSpan(7));
        var uri = server.GetUrl(1);
        var ha1 = Rtsp.DigestAuthenticator.Md5Hex($"admin:{challenge["realm"]}:pw");
        var ha2 = Rtsp.DigestAuthenticator.Md5Hex($"DESCRIBE:{uri}");
        var response = Rtsp.DigestAuthenticator.Md5Hex($"{ha1}:{challenge["nonce"]}:{ha2}");
        var authorized = await client.RequestAsync("DESCRIBE", uri,
            $"Authorization: Digest username=\"admin\", realm=\"{challenge["realm"]}\", nonce=\"{challenge["nonce"]}\", uri=\"{uri}\", response=\"{response}\"");
        Assert.That(authorized.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Slow_reader_is_dropped_without_disturbing_other_clients()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options(o =>
        {
            o.EmbeddedMedia = H264Loop.Hd720Resource;
            o.MaxClientLag = TimeSpan.FromSeconds(1);
        }));
        var (stalled, _) = await PlayAsync(server);
        stalled.Socket.ReceiveBufferSize = 4096;
        var (reader, _) = await PlayAsync(server);
        using var _s = stalled;
        using var _r = reader;
        Assert.That(server.ClientCount(1), Is.EqualTo(2));

        // The stalled client never reads: server-side socket buffers fill up, then its queue exceeds 1 s and it is dropped.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.ClientCount(1) > 1 && DateTime.UtcNow < deadline)
            await reader.ReadFramesAsync(TimeSpan.FromMilliseconds(250));
        Assert.That(server.ClientCount(1), Is.EqualTo(1));

        var rtp = reader.Frames.Where(f => f.Channel == 0).Select(f => Rtp(f.Data)).ToList();
        for (var i = 1; i < rtp.Count; i++)
            Assert.That((ushort)(rtp[i].Seq - rtp[i - 1].Seq), Is.EqualTo(1), "the reading client lost nothing");
        Assert.That(rtp.Count(p => p.Marker), Is.GreaterThan(25));
    }

    [Test]
    public async Task Drop_after_query_closes_the_connection_so_recorders_must_reconnect()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (client, _) = await PlayAsync(server, query: "drop-after=1.5");
        using var _ = client;
        var start = DateTime.UtcNow;
        var stillOpen = await client.ReadFramesAsync(TimeSpan.FromSeconds(6));
        Assert.That(stillOpen, Is.False);
        Assert.That(DateTime.UtcNow - start, Is.LessThan(TimeSpan.FromSeconds(4)));
        Assert.That(client.Frames.Count(f => f.Channel == 0), Is.GreaterThan(0));
    }

    [Test]
    public async Task Garbage_option_injects_non_frame_bytes_between_interleaved_frames()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options(o => o.Garbage = true));
        var (client, _) = await PlayAsync(server);
        using var _ = client;
        await client.ReadFramesAsync(TimeSpan.FromSeconds(5));
        Assert.That(client.GarbageBytes, Is.GreaterThan(0));
        Assert.That(client.Frames.Count(f => f.Channel == 0 && (f.Data[1] & 0x80) != 0), Is.GreaterThan(50), "frames still intact");
    }

    [Test]
    public async Task Teardown_stops_the_stream_and_get_parameter_keeps_alive()
    {
        await using var server = await SimulatedCameraServer.StartAsync(Options());
        var (client, play) = await PlayAsync(server);
        using var _ = client;
        var session = play["Session"]!.Split(';')[0];
        var keepAlive = await client.RequestAsync("GET_PARAMETER", server.GetUrl(1), $"Session: {session}");
        Assert.That(keepAlive.Status, Is.EqualTo(200));
        Assert.That(server.ClientCount(1), Is.EqualTo(1));
        var teardown = await client.RequestAsync("TEARDOWN", server.GetUrl(1), $"Session: {session}");
        Assert.That(teardown.Status, Is.EqualTo(200));
        Assert.That(server.ClientCount(1), Is.EqualTo(0));
    }

    [Test]
    public async Task Stop_closes_connections_and_frees_the_port()
    {
        var server = await SimulatedCameraServer.StartAsync(Options());
        var port = server.Port;
        var (client, _) = await PlayAsync(server);
        using var _ = client;
        await server.DisposeAsync();
        Assert.That(await client.ReadFramesAsync(TimeSpan.FromSeconds(5)), Is.False);
        using var probe = new TcpClient();
        Assert.That(async () => await probe.ConnectAsync("127.0.0.1", port), Throws.InstanceOf<SocketException>());
    }
}
