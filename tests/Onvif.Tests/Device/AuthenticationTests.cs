using Microsoft.AspNetCore.Http;
using VmsServices.Onvif.Tests.Support;

namespace VmsServices.Onvif.Tests.Device;

/// <summary>WS-UsernameToken, HTTP Digest, both, and the ways authentication fails; the camera verifies what it receives.</summary>
public class AuthenticationTests
{
    [Test]
    public async Task UsernameToken_is_dated_by_the_cameras_clock_not_the_local_one()
    {
        await using CameraSession session = await CameraSession.StartAsync(Samples.Hikvision);
        FakeCamera camera = session.Camera;

        await session.Device.GetDeviceInformationAsync();

        // The camera's clock is months away from ours: only a corrected Created passes its check.
        Assert.That((camera.CameraNow - DateTimeOffset.UtcNow).Duration(), Is.GreaterThan(TimeSpan.FromDays(30)));
        Assert.That(camera.Requests.Select(r => r.Operation), Is.EqualTo(new[] { "GetSystemDateAndTime", "GetDeviceInformation" }));
        Assert.That(camera.Requests[0].HadUsernameToken, Is.False, "the time query is made before authentication");
        Assert.That(camera.Requests[1].HadUsernameToken && camera.Requests[1].Status == 200, Is.True);
    }

    [TestCase(Samples.Hikvision)]
    [TestCase(Samples.Dahua)]
    [TestCase(Samples.Axis)]
    public async Task Wrong_password_is_Unauthorized_and_never_shown(string vendor)
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(vendor),
            new OnvifCredentials("admin", "wrong-password-123"));

        var error = Assert.ThrowsAsync<OnvifException>(() => session.Device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
        Assert.That(error.FaultSubcodes, Does.Contain("NotAuthorized"));
        Assert.That(error.ToString(), Does.Not.Contain("wrong-password-123"));
    }

    [Test]
    public async Task No_credentials_for_a_camera_that_wants_them_is_Unauthorized()
    {
        await using FakeCamera camera = await FakeCamera.StartAsync(CameraBehaviour.For(Samples.Hikvision));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetProfilesAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
    }

    [TestCase("MD5")]
    [TestCase("SHA-256")]
    public async Task Digest_camera_is_answered_after_one_challenge_and_later_calls_authenticate_up_front(string algorithm)
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(Samples.DigestOnly) with { DigestAlgorithm = algorithm });

        await session.Device.GetDeviceInformationAsync();
        await session.Device.GetDeviceInformationAsync();
        await session.Device.GetProfilesAsync();

        Assert.That(session.Camera.Requests.Count(r => r.Status == 401), Is.EqualTo(1));
        Assert.That(session.Answered.Select(r => r.Status), Is.All.EqualTo(200));
    }

    [Test]
    public async Task Stale_digest_nonce_is_renewed_without_the_caller_noticing()
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(Samples.DigestOnly) with { DigestNonceUses = 2 });

        for (int i = 0; i < 5; i++)
            await session.Device.GetDeviceInformationAsync();

        Assert.That(session.Camera.Requests.Count(r => r.Status == 401), Is.GreaterThanOrEqualTo(2));
        Assert.That(session.Answered.Count(r => r.Operation == "GetDeviceInformation"), Is.EqualTo(5));
    }

    [Test]
    public async Task Digest_with_a_wrong_password_is_Unauthorized_after_one_retry()
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(Samples.DigestOnly),
            new OnvifCredentials("admin", "not-the-password"));

        var error = Assert.ThrowsAsync<OnvifException>(() => session.Device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Contain("rejected the credentials"));
        Assert.That(error.ToString(), Does.Not.Contain("not-the-password"));
        // A digest from the time query's old challenge first, then one from a fresh challenge.
        Assert.That(session.Camera.Requests.Count(r => r.Operation == "GetDeviceInformation"), Is.EqualTo(2));
    }

    [Test]
    public async Task Digest_camera_without_credentials_says_so()
    {
        await using FakeCamera camera = await FakeCamera.StartAsync(CameraBehaviour.For(Samples.DigestOnly));
        using var device = new OnvifDevice(camera.DeviceServiceUrl);

        var error = Assert.ThrowsAsync<OnvifException>(() => device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Contain("no credentials were given").And.Contain("Digest"));
    }

    [Test]
    public async Task Camera_wanting_both_UsernameToken_and_digest_gets_both()
    {
        await using CameraSession session = await CameraSession.StartAsync(CameraBehaviour.For(Samples.Hikvision) with { DigestAlgorithm = "SHA-256" });

        IReadOnlyList<OnvifMediaProfile> profiles = await session.Device.GetProfilesAsync();

        Assert.That(profiles, Has.Count.EqualTo(2));
        RecordedRequest last = session.Camera.Requests[^1];
        Assert.That(last.HadUsernameToken && last.HadDigest && last.Status == 200, Is.True);
    }

    [Test]
    public async Task Basic_only_challenge_is_refused_with_a_reason()
    {
        var behaviour = new CameraBehaviour
        {
            Vendor = Samples.Hikvision,
            Intercept = (context, _) =>
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"camera\"";
                return Task.FromResult(true);
            },
        };
        await using CameraSession session = await CameraSession.StartAsync(behaviour);

        var error = Assert.ThrowsAsync<OnvifException>(() => session.Device.GetDeviceInformationAsync());

        Assert.That(error!.Kind, Is.EqualTo(OnvifErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Contain("offers Basic").And.Contain("HTTP Basic is never used"));
    }

    [Test]
    public async Task Time_query_that_needs_a_token_is_repeated_with_one()
    {
        var behaviour = new CameraBehaviour
        {
            Vendor = Samples.Hikvision,
            // This camera wants a token even for GetSystemDateAndTime.
            Intercept = async (context, operation) =>
            {
                if (operation != "GetSystemDateAndTime" || context.Request.ContentLength > 600)
                    return false;
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/soap+xml";
                await context.Response.Body.WriteAsync(Samples.Bytes(Samples.Hikvision, "Fault-NotAuthorized"));
                return true;
            },
        };
        await using CameraSession session = await CameraSession.StartAsync(behaviour);

        OnvifSystemTime time = await session.Device.GetSystemDateAndTimeAsync();

        Assert.That(time.UtcTime, Is.EqualTo(VendorExpectations.Hikvision.UtcTime));
        Assert.That(session.Camera.Requests.Select(r => r.HadUsernameToken), Is.EqualTo(new[] { false, true }));
    }
}
