using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

public class SdpTests
{
    // Hikvision-style: relative trackID controls, H.264 + PCMU (static PT without rtpmap).
    private const string HikvisionStyle = """
        v=0
        o=- 1109162014219182 0 IN IP4 0.0.0.0
        s=HIK Media Server V3.0.2
        i=HIK Media Server Session Description : standard
        e=NONE
        c=IN IP4 0.0.0.0
        t=0 0
        a=control:*
        a=range:npt=now-
        m=video 0 RTP/AVP 96
        i=Video Media
        a=rtpmap:96 H264/90000
        a=fmtp:96 profile-level-id=4D0014;packetization-mode=0;sprop-parameter-sets=Z00AKp2oHgCJ+WbgICAgQA==,aO48gA==
        a=control:trackID=video
        a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000000000000000000000000000;
        m=audio 0 RTP/AVP 0
        i=Audio Media
        a=control:trackID=audio
        a=Media_header:MEDIAINFO=494D4B48010100000400010000000000000000000000000000000000000000000000000000000000;
        """;

    // Axis-style: absolute controls, H.265 plus AAC mpeg4-generic, CRLF line endings.
    private const string AxisStyle =
        "v=0\r\no=- 123 1 IN IP4 192.0.2.90\r\ns=Session streamed with GStreamer\r\nt=0 0\r\n" +
        "a=control:rtsp://192.0.2.90/axis-media/media.amp\r\n" +
        "m=video 0 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:50000\r\na=rtpmap:96 H265/90000\r\n" +
        "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdlZgJ;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WWVmkkyvAQAAAAwBAAAAFAg==;sprop-pps=RAHBcrRiQA==\r\n" +
        "a=control:rtsp://192.0.2.90/axis-media/media.amp/stream=0\r\n" +
        "m=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/16000/1\r\n" +
        "a=fmtp:97 streamtype=5; profile-level-id=15; mode=AAC-hbr; config=1408; sizeLength=13; indexLength=3; indexDeltaLength=3; Profile=1;\r\n" +
        "a=control:rtsp://192.0.2.90/axis-media/media.amp/stream=1\r\n" +
        "m=application 0 RTP/AVP 98\r\na=rtpmap:98 vnd.onvif.metadata/90000\r\na=control:rtsp://192.0.2.90/axis-media/media.amp/stream=2\r\n";

    [Test]
    public void Hikvision_style_sdp_yields_h264_with_parameter_sets_and_pcmu()
    {
        var sdp = SdpParser.Parse(HikvisionStyle);

        List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, "rtsp://198.51.100.5:554/Streaming/Channels/101/");

        Assert.That(tracks.Select(t => t.Codec), Is.EqualTo(new[] { Codec.H264, Codec.Pcmu }));
        Assert.That(tracks[0].Control, Is.EqualTo("rtsp://198.51.100.5:554/Streaming/Channels/101/trackID=video"));
        Assert.That(tracks[0].ParameterSets.Select(p => p[0] & 0x1F), Is.EqualTo(new[] { 7, 8 }));
        Assert.That(tracks[0].ClockRate, Is.EqualTo(90000));
        Assert.That(tracks[1].PayloadType, Is.EqualTo(0));
        Assert.That(tracks[1].ClockRate, Is.EqualTo(8000));
        Assert.That(SdpTrackMapper.SessionControlUrl(sdp, "rtsp://198.51.100.5:554/Streaming/Channels/101/"),
            Is.EqualTo("rtsp://198.51.100.5:554/Streaming/Channels/101/"));
    }

    [Test]
    public void Axis_style_sdp_yields_h265_and_aac_with_absolute_controls()
    {
        var sdp = SdpParser.Parse(AxisStyle);

        List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, "rtsp://192.0.2.90/axis-media/media.amp");

        Assert.That(tracks.Select(t => t.Codec), Is.EqualTo(new[] { Codec.H265, Codec.Aac }));
        Assert.That(tracks[0].ParameterSets.Select(p => (p[0] >> 1) & 0x3F), Is.EqualTo(new[] { 32, 33, 34 }));
        Assert.That(tracks[1].Control, Is.EqualTo("rtsp://192.0.2.90/axis-media/media.amp/stream=1"));
        Assert.That(tracks[1].AudioSpecificConfig, Is.EqualTo(new byte[] { 0x14, 0x08 }));
        Assert.That(tracks[1].ClockRate, Is.EqualTo(16000));
        Assert.That(tracks[1].FormatParameters["SIZELENGTH"], Is.EqualTo("13"));
        Assert.That(SdpTrackMapper.SessionControlUrl(sdp, "rtsp://ignored/"), Is.EqualTo("rtsp://192.0.2.90/axis-media/media.amp"));
    }

    [TestCase("rtsp://cam/live", "track1", "rtsp://cam/live/track1")]
    [TestCase("rtsp://cam/live/", "track1", "rtsp://cam/live/track1")]
    [TestCase("rtsp://cam:8554/live?ch=1", "trackID=0", "rtsp://cam:8554/live?ch=1/trackID=0")]
    [TestCase("rtsp://cam:8554/live/", "/other/track", "rtsp://cam:8554/other/track")]
    [TestCase("rtsp://cam/live/", "*", "rtsp://cam/live/")]
    [TestCase("rtsp://cam/live/", "RTSP://other/x", "RTSP://other/x")]
    public void Control_urls_resolve_against_the_base(string baseUrl, string control, string expected) =>
        Assert.That(SdpTrackMapper.ResolveControl(baseUrl, control), Is.EqualTo(expected));

    [Test]
    public void Interleaved_h264_packetization_mode_2_is_not_offered()
    {
        var sdp = SdpParser.Parse("v=0\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=2\n");

        Assert.That(SdpTrackMapper.ToTracks(sdp, "rtsp://x/"), Is.Empty);
    }

    [Test]
    public void Malformed_lines_are_ignored()
    {
        var sdp = SdpParser.Parse("garbage\nm=\nm=video\na=rtpmap:abc\na=rtpmap:96 H264\nm=audio 0 RTP/AVP 8\na=control:a\n=x");

        List<TrackInfo> tracks = SdpTrackMapper.ToTracks(sdp, "rtsp://x/");

        Assert.That(tracks.Single().Codec, Is.EqualTo(Codec.Pcma));
        Assert.That(tracks[0].Control, Is.EqualTo("rtsp://x/a"));
    }
}
