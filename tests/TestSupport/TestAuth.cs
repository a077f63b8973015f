using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace VmsServices.TestSupport;

/// <summary>
/// The administrator every test system is created with (Management:Auth:BootstrapPassword), and the
/// sign-in that turns a user name and password into the token the services accept.
/// </summary>
public static class TestAuth
{
    public const string AdministratorName = "admin";
    public const string AdministratorPassword = "test-administrator-password";

    /// <summary>The management server setting that creates the administrator, as a command-line argument.</summary>
    public static string BootstrapArgument => $"--Management:Auth:BootstrapPassword={AdministratorPassword}";

    /// <summary>POST /api/auth/token on a management server; fails the test with the server's answer when refused.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string userName = AdministratorName, string password = AdministratorPassword)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in of {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<TokenAnswer>())!.Token;
    }

    /// <summary>Sends <paramref name="token"/> on every later request of <paramref name="http"/>.</summary>
    public static HttpClient Authorize(this HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private sealed record TokenAnswer(string Token);
}
