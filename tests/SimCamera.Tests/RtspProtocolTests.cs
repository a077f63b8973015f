using System.Text;
using VmsServices.SimCamera.Rtp;
using VmsServices.SimCamera.Rtsp;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Tests;

public class SdpTests
{
    private static readonly Lazy<PacketizedLoop> Hd = new(() => new PacketizedLoop(H264Loop.LoadEmbedded(H264Loop.Hd720Resource)));

    [Test]
    public void Sdp_describes_one_h264_track_with_rfc6184_parameters()
    {
        var loop = Hd.Value;
        var sdp = Sdp.Build(loop, "test", 42);
        var lines = sdp.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines[0], Is.EqualTo("v=0"));
        Assert.That(lines, Does.Contain("m=video 0 RTP/AVP 96"));
        Assert.That(lines, Does.Contain("a=rtpmap:96 H264/90000"));
        Assert.That(lines, Does.Contain("a=control:track1"));
        Assert.That(lines, Does.Contain("a=control:*"));
        var fmtp = lines.Single(l => l.StartsWith("a=fmtp:96 "));
        var parameters = fmtp["a=fmtp:96 ".Length..].Split(';').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.That(parameters["packetization-mode"], Is.EqualTo("1"));
        Assert.That(parameters["profile-level-id"], Is.EqualTo(Convert.ToHexString(loop.Loop.Sps, 1, 3)));
        Assert.That(parameters["profile-level-id"][..2], Is.EqualTo("4D"), "main profile");
        var sets = parameters["sprop-parameter-sets"].Split(',').Select(Convert.FromBase64String).ToArray();
        Assert.That(sets[0][0] & 0x1F, Is.EqualTo(7));
        Assert.That(sets[1][0] & 0x1F, Is.EqualTo(8));
        Assert.That(sets[0], Is.EqualTo(loop.Loop.Sps));
    }
}

public class RtspMessageParserTests
{
    private static RtspParseResult Parse(string text) => RtspMessageParser.Parse(Encoding.ASCII.GetBytes(text));

    [Test]
    public void Complete_request_is_parsed_with_case_insensitive_headers()
    {
        const string text = "DESCRIBE rtsp://127.0.0.1:8554/cam1 RTSP/1.0\r\ncseq: 2\r\nAccept: application/sdp\r\n\r\n";
        var result = Parse(text);

        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.Request));
        Assert.That(result.Consumed, Is.EqualTo(text.Length));
        Assert.That(result.Request!.Method, Is.EqualTo("DESCRIBE"));
        Assert.That(result.Request.Uri, Is.EqualTo("rtsp://127.0.0.1:8554/cam1"));
        Assert.That(result.Request.CSeq, Is.EqualTo("2"));
        Assert.That(result.Request.Header("ACCEPT"), Is.EqualTo("application/sdp"));
    }

    [Test]
    public void Incomplete_request_needs_more_data()
    {
        Assert.That(Parse("OPTIONS rtsp://h/cam1 RTSP/1.0\r\nCSeq: 1\r\n").Status, Is.EqualTo(RtspParseStatus.NeedMoreData));
        Assert.That(Parse("SET_PARAMETER rtsp://h/cam1 RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 10\r\n\r\nabc").Status,
            Is.EqualTo(RtspParseStatus.NeedMoreData));
    }

    [Test]
    public void Body_of_content_length_bytes_is_consumed_with_the_request()
    {
        const string text = "SET_PARAMETER rtsp://h/cam1 RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\nhelloOPTIONS";
        var result = Parse(text);
        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.Request));
        Assert.That(Encoding.ASCII.GetString(result.Request!.Body), Is.EqualTo("hello"));
        Assert.That(result.Consumed, Is.EqualTo(text.Length - "OPTIONS".Length));
    }

    [Test]
    public void Interleaved_frame_from_the_client_is_framed_and_skipped()
    {
        var data = new byte[] { (byte)'$', 1, 0, 3, 0xAA, 0xBB, 0xCC, (byte)'O' };
        var result = RtspMessageParser.Parse(data);
        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.InterleavedFrame));
        Assert.That(result.Channel, Is.EqualTo(1));
        Assert.That(result.Consumed, Is.EqualTo(7));
        Assert.That(RtspMessageParser.Parse(data.AsSpan(0, 5)).Status, Is.EqualTo(RtspParseStatus.NeedMoreData));
    }

    [TestCase("GARBAGE\r\n\r\n")]
    [TestCase("OPTIONS rtsp://h/cam1\r\nCSeq: 1\r\n\r\n")]
    [TestCase("OPTIONS rtsp://h/cam1 HTTP/1.1\r\nCSeq: 1\r\n\r\n")]
    [TestCase("options rtsp://h/cam1 RTSP/1.0\r\nCSeq: 1\r\n\r\n")]
    [TestCase("OPTIONS not a uri RTSP/1.0\r\nCSeq: 1\r\n\r\n")]
    [TestCase("OPTIONS rtsp://h/cam1 RTSP/1.0\r\nCSeq: abc\r\n\r\n")]
    [TestCase("OPTIONS rtsp://h/cam1 RTSP/1.0\r\nNo colon here\r\nCSeq: 1\r\n\r\n")]
    [TestCase("OPTIONS rtsp://h/cam1 RTSP/1.0\r\n\r\n")]
    [TestCase("\u0001\u0002\u00ff\u00fe\r\n\u0000\r\n\r\n")]
    public void Malformed_request_is_reported_and_consumed_so_the_connection_can_continue(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var result = RtspMessageParser.Parse(bytes);
        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.Malformed));
        Assert.That(result.Consumed, Is.EqualTo(bytes.Length));
    }

    [Test]
    public void Malformed_request_keeps_its_cseq_for_the_400_response()
    {
        var result = Parse("BAD LINE\r\nCSeq: 7\r\n\r\n");
        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.Malformed));
        Assert.That(result.CSeq, Is.EqualTo("7"));
    }

    [Test]
    public void Endless_header_block_is_fatal()
    {
        var result = Parse("OPTIONS rtsp://h/cam1 RTSP/1.0\r\nX: " + new string('a', RtspMessageParser.MaxHeaderBytes + 10));
        Assert.That(result.Status, Is.EqualTo(RtspParseStatus.Fatal));
    }

    [Test]
    public void Negative_or_huge_content_length_is_fatal()
    {
        Assert.That(Parse("OPTIONS rtsp://h/c RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -5\r\n\r\n").Status, Is.EqualTo(RtspParseStatus.Fatal));
        Assert.That(Parse("OPTIONS rtsp://h/c RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 99999999999\r\n\r\n").Status, Is.EqualTo(RtspParseStatus.Fatal));
    }

    [Test]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            if (i % 3 == 0 && data.Length > 30) Encoding.ASCII.GetBytes("OPTIONS rtsp://h/c RTSP/1.0\r\n").CopyTo(data, 0);
            if (i % 2 == 0 && data.Length > 4) { data[^4] = 13; data[^3] = 10; data[^2] = 13; data[^1] = 10; }
            var result = RtspMessageParser.Parse(data);
            Assert.That(result.Consumed, Is.InRange(0, data.Length));
        }
    }
}

public class TransportHeaderTests
{
    [Test]
    public void Tcp_interleaved_transport_is_accepted_with_the_requested_channels()
    {
        Assert.That(TransportHeader.TrySelectInterleaved("RTP/AVP/TCP;unicast;interleaved=2-3", out var rtp, out var rtcp), Is.True);
        Assert.That((rtp, rtcp), Is.EqualTo((2, 3)));
    }

    [Test]
    public void Udp_only_transport_is_refused()
    {
        Assert.That(TransportHeader.TrySelectInterleaved("RTP/AVP;unicast;client_port=5000-5001", out _, out _), Is.False);
        Assert.That(TransportHeader.TrySelectInterleaved("RTP/AVP/UDP;unicast;client_port=5000-5001", out _, out _), Is.False);
        Assert.That(TransportHeader.TrySelectInterleaved(null, out _, out _), Is.False);
    }

    [Test]
    public void Tcp_alternative_after_udp_is_chosen()
    {
        Assert.That(TransportHeader.TrySelectInterleaved("RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast", out var rtp, out var rtcp), Is.True);
        Assert.That((rtp, rtcp), Is.EqualTo((0, 1)));
    }
}

public class DigestAuthenticatorTests
{
    private static string Response(string user, string realm, string password, string nonce, string method, string uri) =>
        DigestAuthenticator.Md5Hex($"{DigestAuthenticator.Md5Hex($"{user}:{realm}:{password}")}:{nonce}:{DigestAuthenticator.Md5Hex($"{method}:{uri}")}");

    [Test]
    public void Correct_rfc2617_response_is_accepted()
    {
        var auth = new DigestAuthenticator("admin", "s3cret", "realm", "abc123");
        var response = Response("admin", "realm", "s3cret", "abc123", "DESCRIBE", "rtsp://h/cam1");
        var header = $"Digest username=\"admin\", realm=\"realm\", nonce=\"abc123\", uri=\"rtsp://h/cam1\", response=\"{response}\"";
        Assert.That(auth.Validate("DESCRIBE", header), Is.True);
    }

    [Test]
    public void Qop_auth_response_is_accepted()
    {
        var auth = new DigestAuthenticator("u", "p", "r", "n1");
        var ha1 = DigestAuthenticator.Md5Hex("u:r:p");
        var ha2 = DigestAuthenticator.Md5Hex("SETUP:rtsp://h/cam1/track1");
        var response = DigestAuthenticator.Md5Hex($"{ha1}:n1:00000001:xyz:auth:{ha2}");
        var header = $"Digest username=\"u\", realm=\"r\", nonce=\"n1\", uri=\"rtsp://h/cam1/track1\", qop=auth, nc=00000001, cnonce=\"xyz\", response=\"{response}\"";
        Assert.That(auth.Validate("SETUP", header), Is.True);
    }

    [Test]
    public void Wrong_password_stale_nonce_or_other_method_is_rejected()
    {
        var auth = new DigestAuthenticator("admin", "s3cret", "realm", "abc123");
        string Header(string password, string nonce) =>
            $"Digest username=\"admin\", realm=\"realm\", nonce=\"{nonce}\", uri=\"rtsp://h/cam1\", response=\"{Response("admin", "realm", password, nonce, "DESCRIBE", "rtsp://h/cam1")}\"";
        Assert.That(auth.Validate("DESCRIBE", Header("wrong", "abc123")), Is.False);
        Assert.That(auth.Validate("DESCRIBE", Header("s3cret", "other")), Is.False);
        Assert.That(auth.Validate("PLAY", Header("s3cret", "abc123")), Is.False);
        Assert.That(auth.Validate("DESCRIBE", null), Is.False);
        Assert.That(auth.Validate("DESCRIBE", "Basic YWRtaW46czNjcmV0"), Is.False);
        Assert.That(auth.Validate("DESCRIBE", "Digest ,,,=\"\"\"=,"), Is.False);
    }

    [Test]
    public void Challenge_names_realm_and_nonce()
    {
        var auth = new DigestAuthenticator("u", "p");
        Assert.That(auth.Challenge, Does.StartWith("Digest realm=\"VmsServices SimCamera\", nonce=\"" + auth.Nonce + "\""));
        Assert.That(new DigestAuthenticator("u", "p").Nonce, Is.Not.EqualTo(auth.Nonce), "nonce per connection");
    }
}

public class RtcpSenderReportTests
{
    [Test]
    public void Sender_report_maps_ntp_time_to_rtp_time_in_rfc3550_layout()
    {
        var utc = new DateTime(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc);
        var packet = RtcpSenderReport.Build(1, 0x01020304, utc, 0xAABBCCDD, 10, 2000, "cam");

        Assert.That(packet[0], Is.EqualTo((byte)'$'));
        Assert.That(packet[1], Is.EqualTo(1));
        Assert.That(packet[4], Is.EqualTo(0x80));
        Assert.That(packet[5], Is.EqualTo(200));
        Assert.That(packet[6] << 8 | packet[7], Is.EqualTo(6));
        var ntp = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(packet.AsSpan(12));
        Assert.That(RtcpSenderReport.FromNtp(ntp), Is.EqualTo(utc).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(20)), Is.EqualTo(0xAABBCCDD));
        Assert.That(packet[4 + 28 + 1], Is.EqualTo(202), "SDES follows");
        Assert.That((packet.Length - 4) % 4, Is.EqualTo(0));
        Assert.That(packet[2] << 8 | packet[3], Is.EqualTo(packet.Length - 4));
    }
}
