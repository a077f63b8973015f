using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

public class RtspHeadersTests
{
    [Test]
    public void Session_header_timeout_is_parsed()
    {
        Assert.That(RtspHeaders.TryParseSession("12345678;timeout=30", out string id, out TimeSpan timeout), Is.True);
        Assert.That(id, Is.EqualTo("12345678"));
        Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Session_header_without_timeout_defaults_to_60_seconds()
    {
        RtspHeaders.TryParseSession("ABCDEF", out _, out TimeSpan timeout);

        Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void Interleaved_channels_come_from_the_transport_response()
    {
        Assert.That(RtspHeaders.TryParseInterleaved("RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=1234", out int rtp, out int rtcp), Is.True);
        Assert.That((rtp, rtcp), Is.EqualTo((4, 5)));
    }
}
