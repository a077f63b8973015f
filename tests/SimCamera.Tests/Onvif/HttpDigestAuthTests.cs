using System.Net;
using static VmsServices.SimCamera.Tests.Onvif.OnvifServer;

namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>OnvifAuth = HttpDigest with User/Password set: RFC 2617 on the HTTP layer (ONVIF Core 5.9.1).</summary>
public class HttpDigestAuthTests : ManualClockServerTest
{
    private const string Path = "/onvif/cam1/device_service";

    private protected override void Configure(SimulatedCameraOptions options)
    {
        WithCredentials(options);
        options.OnvifAuth = OnvifAuthMode.HttpDigest;
    }

    private Task<SoapResponse> CallAsync(string? authorization, string header = "") =>
        Soap.CallAsync(Server.GetDeviceServiceUrl(1), "<tds:GetDeviceInformation/>", header, authorization);

    private async Task<Dictionary<string, string>> ChallengeAsync()
    {
        var refused = await CallAsync(null);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(refused.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:NotAuthorized" }));
        return HttpDigest.ParseChallenge(refused.Challenge!);
    }

    [Test]
    public async Task A_call_without_credentials_gets_401_with_a_digest_challenge()
    {
        var challenge = await ChallengeAsync();
        Assert.That(challenge["qop"], Is.EqualTo("auth"));
        Assert.That(challenge["algorithm"], Is.EqualTo("MD5"));
        Assert.That(challenge, Does.Not.ContainKey("stale"));
    }

    [Test]
    public async Task A_valid_digest_is_accepted_with_a_growing_nonce_count()
    {
        var challenge = await ChallengeAsync();
        var first = await CallAsync(HttpDigest.Authorization(User, Password, "POST", Path, challenge, 1));
        var second = await CallAsync(HttpDigest.Authorization(User, Password, "POST", Path, challenge, 2, clientNonce: "77aa"));

        Assert.That(new[] { first.Status, second.Status }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Body.Name.LocalName, Is.EqualTo("GetDeviceInformationResponse"));
    }

    [Test]
    public async Task A_wrong_password_or_uri_is_refused()
    {
        var challenge = await ChallengeAsync();
        var wrongPassword = await CallAsync(HttpDigest.Authorization(User, "wrong", "POST", Path, challenge, 1));
        var otherUri = await CallAsync(HttpDigest.Authorization(User, Password, "POST", "/onvif/cam2/device_service", challenge, 2));

        Assert.That(new[] { wrongPassword.Status, otherUri.Status }, Is.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrongPassword.FaultCodes, Is.EqualTo(new[] { "env:Sender", "ter:NotAuthorized" }));
    }

    [Test]
    public async Task A_replayed_request_is_refused()
    {
        var challenge = await ChallengeAsync();
        var authorization = HttpDigest.Authorization(User, Password, "POST", Path, challenge, 1);
        Assert.That((await CallAsync(authorization)).Status, Is.EqualTo(HttpStatusCode.OK));

        var replayed = await CallAsync(authorization);
        Assert.That(replayed.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(replayed.FaultReason, Does.Contain("replay"));
    }

    [Test]
    public async Task An_expired_nonce_is_refused_as_stale()
    {
        var challenge = await ChallengeAsync();
        Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await CallAsync(HttpDigest.Authorization(User, Password, "POST", Path, challenge, 1));

        Assert.That(expired.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        var renewed = HttpDigest.ParseChallenge(expired.Challenge!);
        Assert.That(renewed["stale"], Is.EqualTo("TRUE"));
        Assert.That((await CallAsync(HttpDigest.Authorization(User, Password, "POST", Path, renewed, 1))).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_username_token_does_not_replace_http_digest()
    {
        var response = await CallAsync(null, WsSecurity.UsernameToken(User, Password, Clock.GetUtcNow()));
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
