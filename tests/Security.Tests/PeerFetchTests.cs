using System.Net;

namespace VmsServices.Security.Tests;

/// <summary>
/// The proxy path of seed 000 [0090]: a recording server serves a segment to a peer only with the
/// peer's service token; no credentials, a forged or an expired one get 401 before anything is read.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PeerFetchTests
{
    private SecuredSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start() => _system = await SecuredSystem.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [TestCase("no token", HttpStatusCode.Unauthorized)]
    [TestCase("garbage", HttpStatusCode.Unauthorized)]
    [TestCase("expired", HttpStatusCode.Unauthorized)]
    [TestCase("signed by another key", HttpStatusCode.Unauthorized)]
    [TestCase("recording server", HttpStatusCode.NotFound)]
    public async Task A_peer_fetch_needs_valid_service_credentials(string caller, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_system.RecorderUrl}/api/devices/cam-1/segments/1?dataType=video&scope=local");
        if (_system.Callers[caller] is { } authorization) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        if (expected == HttpStatusCode.Unauthorized)
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
    }
}
