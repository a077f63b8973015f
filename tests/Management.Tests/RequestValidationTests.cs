using VmsServices.Hosting;
using VmsServices.Management.Api;
using VmsServices.Messages;

namespace VmsServices.Management.Tests;

public sealed class RequestValidationTests
{
    private static AddDeviceRequest Valid() => new("cam-1", "Lobby", "rtsp://127.0.0.1:8554/cam1", "rec-a");

    [Test]
    public void A_valid_device_defaults_to_video()
    {
        var (device, dataTypes) = Valid().Validate();

        Assert.That(device.Id, Is.EqualTo("cam-1"));
        Assert.That(dataTypes, Is.EqualTo(new[] { DataTypes.Video }));
    }

    [TestCase("../etc/passwd")]
    [TestCase("Cam-1")]
    [TestCase("")]
    [TestCase("a b")]
    public void Hostile_or_malformed_ids_are_refused(string id) =>
        Assert.Throws<InvalidRequestException>(() => (Valid() with { Id = id }).Validate());

    [Test]
    public void Credentials_in_the_stream_url_are_refused_with_the_reason()
    {
        var e = Assert.Throws<InvalidRequestException>(() => (Valid() with { StreamUrl = "rtsp://admin:secret@127.0.0.1/cam" }).Validate());

        Assert.That(e!.Message, Does.Contain("credentialsRef"));
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var e = Assert.Throws<InvalidRequestException>(() => new AddDeviceRequest("x", "", "http://cam", "REC", DataTypes: ["smell"]).Validate());

        Assert.That(e!.Message, Does.Contain("name").And.Contain("streamUrl").And.Contain("recordingServerId").And.Contain("smell"));
    }

    [Test]
    public void A_server_address_must_be_http()
    {
        Assert.Throws<InvalidRequestException>(() => new AddRecordingServerRequest("rec-a", "A", "ftp://x").Validate());
        Assert.That(new AddRecordingServerRequest("rec-a", "A", "http://127.0.0.1:6001/").Validate().Address, Is.EqualTo("http://127.0.0.1:6001"));
    }
}
