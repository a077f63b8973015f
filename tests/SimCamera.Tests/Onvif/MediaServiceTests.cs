using System.Net;
using static VmsServices.SimCamera.Tests.Onvif.SoapClient;

namespace VmsServices.SimCamera.Tests.Onvif;

public class MediaServiceTests
{
    private const string UnicastRtsp =
        "<trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup>";

    [Test]
    public async Task GetProfiles_describes_the_served_h264_loop_with_a_ptz_configuration()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var profiles = (await soap.CallAsync(server.ServiceUrl(1, "media_service"), "<trt:GetProfiles/>")).Body.Elements(Trt + "Profiles").ToList();

        Assert.That(profiles, Has.Count.EqualTo(1));
        var profile = profiles[0];
        Assert.That((string?)profile.Attribute("token"), Is.EqualTo("profile_cam1"));
        var encoder = profile.Element(Tt + "VideoEncoderConfiguration")!;
        Assert.That(encoder.Element(Tt + "Encoding")!.Value, Is.EqualTo("H264"));
        Assert.That(encoder.Element(Tt + "Resolution")!.Element(Tt + "Width")!.Value, Is.EqualTo("640"), "the embedded small loop is 640x360");
        Assert.That(encoder.Element(Tt + "Resolution")!.Element(Tt + "Height")!.Value, Is.EqualTo("360"));
        Assert.That(encoder.Element(Tt + "RateControl")!.Element(Tt + "FrameRateLimit")!.Value, Is.EqualTo("25"));
        Assert.That(encoder.Element(Tt + "H264")!.Element(Tt + "GovLength")!.Value, Is.EqualTo("25"));
        var ptz = profile.Element(Tt + "PTZConfiguration")!;
        Assert.That(ptz.Element(Tt + "DefaultContinuousPanTiltVelocitySpace")!.Value, Is.EqualTo("http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace"));
        Assert.That(profile.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "Name", "VideoSourceConfiguration", "VideoEncoderConfiguration", "PTZConfiguration" }),
            "tt:Profile sequence order");
    }

    [Test]
    public async Task The_stream_uri_of_a_mount_plays_on_the_rtsp_port()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.ServiceUrl(2, "media_service"),
            $"<trt:GetStreamUri>{UnicastRtsp}<trt:ProfileToken>profile_cam2</trt:ProfileToken></trt:GetStreamUri>");

        var mediaUri = response.Body.Element(Trt + "MediaUri")!;
        var uri = mediaUri.Element(Tt + "Uri")!.Value;
        Assert.That(uri, Is.EqualTo(server.GetUrl(2)));
        Assert.That(mediaUri.Element(Tt + "Timeout")!.Value, Is.EqualTo("PT0S"));

        using var rtsp = await TestRtspClient.ConnectAsync(new Uri(uri).Port);
        var describe = await rtsp.RequestAsync("DESCRIBE", uri, "Accept: application/sdp");
        Assert.That(describe.Status, Is.EqualTo(200));
        Assert.That(describe.Body, Does.Contain("H264/90000"));
    }

    [Test]
    public async Task GetStreamUri_refuses_multicast_http_tunnelling_and_foreign_profiles()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var url = server.ServiceUrl(1, "media_service");

        var multicast = await soap.CallAsync(url, "<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Multicast</tt:Stream><tt:Transport><tt:Protocol>UDP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>profile_cam1</trt:ProfileToken></trt:GetStreamUri>");
        var http = await soap.CallAsync(url, "<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>HTTP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>profile_cam1</trt:ProfileToken></trt:GetStreamUri>");
        var foreign = await soap.CallAsync(url, $"<trt:GetStreamUri>{UnicastRtsp}<trt:ProfileToken>profile_cam2</trt:ProfileToken></trt:GetStreamUri>");

        Assert.That(multicast.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:InvalidStreamSetup" }));
        Assert.That(http.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:InvalidStreamSetup" }));
        Assert.That(foreign.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:InvalidArgVal", "ter:NoProfile" }));
        Assert.That(foreign.Status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_snapshot_uri_serves_a_jpeg_on_the_onvif_port()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.ServiceUrl(1, "media_service"), "<trt:GetSnapshotUri><trt:ProfileToken>profile_cam1</trt:ProfileToken></trt:GetSnapshotUri>");
        var uri = response.Body.Element(Trt + "MediaUri")!.Element(Tt + "Uri")!.Value;
        Assert.That(uri, Does.StartWith($"http://127.0.0.1:{server.OnvifPort}/onvif/cam1/"));

        using var image = await soap.GetAsync(uri);
        var bytes = await image.Content.ReadAsByteArrayAsync();
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(bytes[..2], Is.EqualTo(new byte[] { 0xFF, 0xD8 }), "SOI");
        Assert.That(bytes[^2..], Is.EqualTo(new byte[] { 0xFF, 0xD9 }), "EOI");
    }

    [Test]
    public async Task A_media_operation_posted_to_the_device_service_is_not_supported_there()
    {
        await using var server = await OnvifServer.StartAsync();
        using var soap = new SoapClient();
        var response = await soap.CallAsync(server.GetDeviceServiceUrl(1), "<trt:GetProfiles/>");

        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Receiver", "ter:ActionNotSupported" }));
    }
}
