using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace VmsServices.ServingBench;

/// <summary>
/// The administrator of a benchmark's management server: created at its first start from a password
/// made for this run (Management:Auth:BootstrapPassword, passed in the environment, not on the command
/// line where any local user could read it), and the token its sign-in gives.
/// </summary>
internal sealed class BenchAdministrator
{
    public const string UserName = "admin";

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string? Token { get; private set; }

    public IReadOnlyDictionary<string, string> BootstrapEnvironment => new Dictionary<string, string>
    {
        ["Management__Auth__BootstrapAdministrator"] = UserName,
        ["Management__Auth__BootstrapPassword"] = _password,
    };

    /// <summary>POST /api/auth/token on the management server; keeps the token.</summary>
    public async Task SignInAsync(HttpClient management, CancellationToken ct)
    {
        using var response = await management.PostAsJsonAsync("/api/auth/token", new { userName = UserName, password = _password }, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in as {UserName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        Token = (await response.Content.ReadFromJsonAsync<TokenAnswer>(Net.Json, ct))!.Token;
    }

    /// <summary>Sends the token on every later request of <paramref name="http"/> (nothing before the sign-in).</summary>
    public HttpClient Authorize(HttpClient http)
    {
        if (Token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private sealed record TokenAnswer(string Token);
}
