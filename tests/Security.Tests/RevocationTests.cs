using System.Net;
using System.Net.Http.Json;
using VmsServices.TestSupport;

namespace VmsServices.Security.Tests;

/// <summary>
/// A token replayed after its user signed out, was deleted or had their role or password changed is
/// refused by the management server at once and by the recording servers as soon as the revocation
/// reaches them over the bus; a token issued after the change is not caught by it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RevocationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private SecuredSystem _system = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SecuredSystem.StartAsync();
        _admin = new HttpClient { BaseAddress = new Uri(_system.ManagementUrl) }.Authorize(await TestAuth.SignInAsync(new HttpClient { BaseAddress = new Uri(_system.ManagementUrl) }));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _admin.Dispose();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task A_token_replayed_after_sign_out_is_refused_everywhere()
    {
        var token = await NewUserTokenAsync("rita");
        await AcceptedEverywhereAsync(token);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, $"{_system.ManagementUrl}/api/auth/session");
        signOut.Headers.Authorization = new("Bearer", token);
        using (var response = await _admin.SendAsync(signOut)) Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await RefusedEverywhereAsync(token);
        await AcceptedEverywhereAsync(await TestAuth.SignInAsync(_admin, "rita", SecuredSystem.UserPassword));
    }

    [Test]
    public async Task Changing_a_users_role_or_deleting_them_ends_their_tokens()
    {
        var before = await NewUserTokenAsync("rolf");
        using (var change = await _admin.PutAsJsonAsync("/api/users/rolf", new { role = "Operator" })) change.EnsureSuccessStatusCode();
        await RefusedEverywhereAsync(before);

        var after = await TestAuth.SignInAsync(_admin, "rolf", SecuredSystem.UserPassword);
        await AcceptedEverywhereAsync(after);
        using (var delete = await _admin.DeleteAsync("/api/users/rolf")) delete.EnsureSuccessStatusCode();
        await RefusedEverywhereAsync(after);
    }

    private async Task<string> NewUserTokenAsync(string name)
    {
        using (var put = await _admin.PutAsJsonAsync($"/api/users/{name}", new { role = "Viewer", password = SecuredSystem.UserPassword })) put.EnsureSuccessStatusCode();
        return await TestAuth.SignInAsync(_admin, name, SecuredSystem.UserPassword);
    }

    private Task AcceptedEverywhereAsync(string token) => ExpectEverywhereAsync(token, s => s == HttpStatusCode.OK, "accepted");

    private Task RefusedEverywhereAsync(string token) => ExpectEverywhereAsync(token, s => s == HttpStatusCode.Unauthorized, "refused");

    private async Task ExpectEverywhereAsync(string token, Func<HttpStatusCode, bool> expected, string what)
    {
        using var http = new HttpClient().Authorize(token);
        foreach (var url in new[] { $"{_system.ManagementUrl}/api/devices", $"{_system.RecorderUrl}/api/devices/cam-1/segments" })
            await Eventually.Get(async () =>
            {
                using var response = await http.GetAsync(url);
                return response.StatusCode;
            }, expected, Patience, $"the token to be {what} by {url}");
    }
}
