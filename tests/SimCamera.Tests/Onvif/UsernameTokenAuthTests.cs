using System.Net;
using System.Security.Cryptography;
using static VmsServices.SimCamera.Tests.Onvif.OnvifServer;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>OnvifAuth = UsernameToken (the default) with User/Password set: ONVIF Core 5.9.4.</summary>
public class UsernameTokenAuthTests : ManualClockServerTest
{
    private protected override void Configure(SimulatedCameraOptions options) => WithCredentials(options);

    private Task<SoapResponse> GetDeviceInformationAsync(string header) =>
        Soap.CallAsync(Server.GetDeviceServiceUrl(1), "<tds:GetDeviceInformation/>", header);

    private static void AssertNotAuthorized(SoapResponse response, string reason)
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), "ONVIF Core 5.9.1: 400 for username-token-only devices");
        Assert.That(response.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:NotAuthorized" }));
        Assert.That(response.FaultReason, Does.Contain(reason));
    }

    [Test]
    public async Task A_valid_password_digest_is_accepted_on_every_service()
    {
        var device = await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow()));
        var media = await Soap.CallAsync(Server.ServiceUrl(1, "media_service"), "<trt:GetProfiles/>", WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow()));
        var ptz = await Soap.CallAsync(Server.ServiceUrl(1, "ptz_service"), "<tptz:GetStatus><tptz:ProfileToken>profile_cam1</tptz:ProfileToken></tptz:GetStatus>",
            WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow()));

        Assert.That(new[] { device.Status, media.Status, ptz.Status }, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_call_without_a_token_is_not_authorized()
    {
        AssertNotAuthorized(await GetDeviceInformationAsync(""), "UsernameToken");
    }

    [Test]
    public async Task A_wrong_password_or_user_is_not_authorized()
    {
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, "wrong", Clock.GetUtcNow())), "Wrong");
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken("root", Password, Clock.GetUtcNow())), "Wrong");
    }

    [Test]
    public async Task A_plain_text_password_is_refused()
    {
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow(), plainText: true)), "PasswordDigest");
    }

    [Test]
    public async Task A_replayed_nonce_is_refused()
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var token = WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow(), nonce);
        Assert.That((await GetDeviceInformationAsync(token)).Status, Is.EqualTo(HttpStatusCode.OK));

        AssertNotAuthorized(await GetDeviceInformationAsync(token), "replay");
        Clock.Advance(TimeSpan.FromSeconds(30));
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow(), nonce)), "replay");
    }

    [Test]
    public async Task Created_must_be_within_five_minutes_of_the_deviceClock()
    {
        var now = Clock.GetUtcNow();
        var late = await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, now.AddMinutes(-4)));
        var early = await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, now.AddMinutes(4)));
        Assert.That(new[] { late.Status, early.Status }, Is.All.EqualTo(HttpStatusCode.OK));

        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, now.AddMinutes(-6))), "minutes");
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, now.AddMinutes(6))), "minutes");
    }

    [Test]
    public async Task A_token_that_was_valid_expires_with_theClock()
    {
        var created = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        AssertNotAuthorized(await GetDeviceInformationAsync(WsSecurity.UsernameToken(User, Password, created)), "minutes");
    }

    [Test]
    public async Task The_snapshot_needs_http_digest_credentials()
    {
        using var refused = await Soap.GetAsync($"http://127.0.0.1:{Server.OnvifPort}/onvif/cam1/snapshot.jpg");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var challenge = HttpDigest.ParseChallenge(refused.Headers.WwwAuthenticate.Single().ToString());
        using var image = await Soap.GetAsync($"http://127.0.0.1:{Server.OnvifPort}/onvif/cam1/snapshot.jpg",
            HttpDigest.Authorization(User, Password, "GET", "/onvif/cam1/snapshot.jpg", challenge, 1));
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
