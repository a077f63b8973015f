using System.Globalization;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Device;

/// <summary>Every operation against every vendor's samples, over real HTTP with the camera's own authentication.</summary>
[TestFixtureSource(typeof(VendorExpectations), nameof(VendorExpectations.All))]
public class VendorOperationTests(VendorExpectations expected)
{
    private CameraSession _session = null!;

    private OnvifDevice Device => _session.Device;
    private FakeCamera Camera => _session.Camera;

    [SetUp]
    public async Task StartCamera() => _session = await CameraSession.StartAsync(expected.Vendor);

    [TearDown]
    public async Task StopCamera() => await _session.DisposeAsync();

    [Test]
    public async Task System_time_is_read_as_utc_and_gives_the_clock_offset()
    {
        OnvifSystemTime time = await Device.GetSystemDateAndTimeAsync();

        Assert.That(time.UtcTime, Is.EqualTo(expected.UtcTime));
        TimeSpan expectedOffset = Camera.CameraTimeAtStart - DateTimeOffset.UtcNow;
        Assert.That(Device.ClockOffset, Is.EqualTo(expectedOffset).Within(UsernameTokenVerifier.AllowedSkew));
    }

    [Test]
    public async Task Device_information_is_read_with_missing_fields_as_null()
    {
        OnvifDeviceInformation information = await Device.GetDeviceInformationAsync();

        Assert.That(information, Is.EqualTo(expected.Information));
    }

    [Test]
    public async Task Service_addresses_are_found_on_the_host_the_device_was_reached_at()
    {
        OnvifServiceAddresses services = await Device.GetServiceAddressesAsync();

        Assert.That(services.Media, Is.EqualTo(OnCamera(expected.MediaPath)));
        Assert.That(services.Media2, Is.EqualTo(OnCamera(expected.Media2Path)));
        Assert.That(services.Ptz, Is.EqualTo(OnCamera(expected.PtzPath)));
        string[] queries = _session.Answered.Select(r => r.Operation).Where(o => o != "GetSystemDateAndTime").ToArray();
        Assert.That(queries, Is.EqualTo(expected.ServiceQueries));
    }

    [Test]
    public async Task Profiles_are_read_and_profiles_without_a_token_are_skipped()
    {
        IReadOnlyList<OnvifMediaProfile> profiles = await Device.GetProfilesAsync();

        Assert.That(profiles, Is.EqualTo(expected.Profiles));
        Assert.That(_session.Answered.Last().Path, Is.EqualTo(expected.MediaPath ?? expected.Media2Path));
    }

    [Test]
    public async Task Stream_uri_is_asked_for_rtp_unicast_over_rtsp()
    {
        Uri uri = await Device.GetStreamUriAsync(expected.Profiles[0].Token);

        Assert.That(uri, Is.EqualTo(new Uri(expected.StreamUri)));
        RecordedRequest request = _session.Answered.Last();
        string setup = string.Join(" ", request.BodyContent!.Descendants().Where(e => !e.HasElements).Select(e => e.Value));
        Assert.That(setup, expected.MediaPath is null ? Does.Contain("RtspUnicast") : Does.Contain("RTP-Unicast RTSP"));
    }

    [Test]
    public async Task Snapshot_uri_is_read()
    {
        Uri uri = await Device.GetSnapshotUriAsync(expected.Profiles[0].Token);

        Assert.That(uri, Is.EqualTo(new Uri(expected.SnapshotUri)));
    }

    [Test]
    public async Task Continuous_move_and_stop_reach_the_ptz_service_with_the_velocities()
    {
        string profile = expected.Profiles[0].Token;

        await Device.ContinuousMoveAsync(profile, pan: 0.5, tilt: -0.25, zoom: 0, timeout: TimeSpan.FromSeconds(2));
        await Device.StopAsync(profile);

        RecordedRequest[] ptz = _session.Answered.Where(r => r.Path == expected.PtzPath && r.Operation is "ContinuousMove" or "Stop").ToArray();
        Assert.That(ptz.Select(r => r.Operation), Is.EqualTo(new[] { "ContinuousMove", "Stop" }));
        Assert.That(ptz.Select(r => r.Status), Is.All.EqualTo(200));
        var move = ptz[0].BodyContent!;
        var panTilt = move.Descendants().Single(e => e.Name.LocalName == "PanTilt");
        Assert.That(double.Parse(panTilt.Attribute("x")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(0.5));
        Assert.That(double.Parse(panTilt.Attribute("y")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(-0.25));
        Assert.That(move.Descendants().Single(e => e.Name.LocalName == "Timeout").Value, Is.EqualTo("PT2S"));
    }

    [Test]
    public void Unknown_profile_token_is_the_devices_fault()
    {
        var error = Assert.ThrowsAsync<OnvifException>(() => Device.GetStreamUriAsync("no-such-profile"));

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Fault));
        Assert.That(error.FaultCode, Is.AnyOf("Sender", "Client"));
        Assert.That(error.Message, Does.StartWith("GetStreamUri at http://127.0.0.1:"));
        Assert.That(error.FaultReason, Is.Not.Null);
    }

    [Test]
    public async Task Every_call_after_the_time_query_was_authenticated()
    {
        await Device.GetDeviceInformationAsync();
        await Device.GetProfilesAsync();

        // GetCapabilities is left out: the Dahua-like camera faults it by design.
        RecordedRequest[] calls = _session.Answered.Where(r => r.Operation is not ("GetSystemDateAndTime" or "GetCapabilities")).ToArray();
        Assert.That(calls.Select(r => r.Status), Is.All.EqualTo(200));
        if (_session.Behaviour.RequireUsernameToken)
            Assert.That(calls.Select(r => r.HadUsernameToken), Is.All.True);
        if (_session.Behaviour.DigestAlgorithm is not null)
            Assert.That(calls.Select(r => r.HadDigest), Is.All.True);
        Assert.That(calls.Select(r => r.ContentType), Is.All.StartsWith("application/soap+xml; charset=utf-8; action=\"http://www.onvif.org/ver"));
    }

    private Uri? OnCamera(string? path) => path is null ? null : new Uri(Camera.BaseUrl, path);
}
