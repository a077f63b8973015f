using System.Net;
using System.Net.Http.Json;
using VmsServices.SimCamera;

namespace VmsServices.Onvif.Tests.SimCamera;

/// <summary>
/// The client against the project's simulated camera, written separately from the ONVIF spec: every
/// operation in both of the camera's authentication modes, discovery by a directed probe, and the
/// refusals a wrong password gets. (The vendor samples cover real cameras' quirks; this covers a
/// whole conversation with a live peer.)
/// </summary>
[TestFixture(OnvifAuthMode.UsernameToken)]
[TestFixture(OnvifAuthMode.HttpDigest)]
public sealed class SimulatedCameraPeerTests(OnvifAuthMode mode)
{
    private sealed record PtzState(double Pan, double Tilt, double Zoom, bool PanTiltMoving, bool ZoomMoving, long Commands, long ContinuousMoves, long Stops);

    private SimulatedCameraServer _camera = null!;

    [SetUp]
    public async Task Start() => _camera = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions
    {
        Port = 0,
        Cameras = 2,
        EmbeddedMedia = VmsServices.SimCamera.Source.H264Loop.Small360Resource,
        OnvifPort = 0,
        OnvifAuth = mode,
        DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        User = "operator",
        Password = "s3cret!",
    });

    [TearDown]
    public async Task Stop() => await _camera.DisposeAsync();

    private OnvifDevice Client(int camera, string password = "s3cret!") =>
        new(new Uri(_camera.GetDeviceServiceUrl(camera)), new OnvifCredentials("operator", password));

    [Test]
    public async Task Every_operation_works_against_the_simulated_camera()
    {
        using var device = Client(1);
        var time = await device.GetSystemDateAndTimeAsync();
        Assert.That(device.ClockOffset!.Value.Duration(), Is.LessThan(TimeSpan.FromMinutes(1)), $"clock {time}");

        var info = await device.GetDeviceInformationAsync();
        Assert.That(info.SerialNumber, Is.EqualTo(_camera.GetSerialNumber(1)));

        var profiles = await device.GetProfilesAsync();
        var profile = profiles.Single();
        Assert.That(profile.VideoEncoding, Is.EqualTo("H264"));
        Assert.That(profile.Resolution, Is.EqualTo(new VideoResolution(640, 360)));
        Assert.That(profile.HasPtz, Is.True);

        Assert.That((await device.GetStreamUriAsync(profile.Token)).ToString(), Is.EqualTo(_camera.GetUrl(1)));
        var snapshot = await device.GetSnapshotUriAsync(profile.Token);
        Assert.That(snapshot.AbsolutePath, Does.EndWith("snapshot.jpg"));

        await device.ContinuousMoveAsync(profile.Token, 0.5, 0, 0, TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var ptz = await http.GetFromJsonAsync<PtzState>(_camera.GetDeviceServiceUrl(1).Replace("device_service", "ptz-state"));
        Assert.That(ptz!.ContinuousMoves, Is.EqualTo(1));
        Assert.That(ptz.PanTiltMoving, Is.True);
        await device.StopAsync(profile.Token);
        ptz = await http.GetFromJsonAsync<PtzState>(_camera.GetDeviceServiceUrl(1).Replace("device_service", "ptz-state"));
        Assert.That(ptz!.PanTiltMoving, Is.False);
    }

    [Test]
    public async Task A_wrong_password_is_reported_as_unauthorized_without_the_password()
    {
        using var device = Client(2, "wrong-password");
        var e = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());
        Assert.That(e!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
        Assert.That(e.Message, Does.Not.Contain("wrong-password"));
    }

    [Test]
    public async Task A_directed_probe_finds_every_mount_with_its_device_service()
    {
        var found = await new WsDiscoveryClient().ProbeAsync(_camera.DiscoveryEndpoint!, TimeSpan.FromSeconds(1));

        Assert.That(found.Select(d => d.EndpointReference), Is.EquivalentTo(new[] { _camera.GetEndpointReference(1), _camera.GetEndpointReference(2) }));
        Assert.That(found.Select(d => d.XAddrs.Single().ToString()), Is.EquivalentTo(new[] { _camera.GetDeviceServiceUrl(1), _camera.GetDeviceServiceUrl(2) }));
        Assert.That(found, Has.All.Matches<DiscoveredDevice>(d => d.IsNetworkVideoTransmitter));
    }
}
