using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace VmsServices.Demo;

/// <summary>
/// The demo's administrator: <c>Demo:AdministratorPassword</c> when given, otherwise a random password
/// made on the first run and kept (readable by the owner only) in the data directory, so the same
/// sign-in works on every later run of the same data. Printed at start: the demo is for one person
/// at their own machine, on loopback.
/// </summary>
public static class DemoAdministrator
{
    public const string UserName = "admin";
    private const string PasswordFile = "administrator-password";

    public static string Password(DemoSettings demo)
    {
        if (!string.IsNullOrEmpty(demo.AdministratorPassword)) return demo.AdministratorPassword;
        var path = Path.Combine(demo.DataDirectory, PasswordFile);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(demo.DataDirectory);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(new FileStream(path, options))) file.Write(password);
        return password;
    }

    /// <summary>An API client signed in as the administrator.</summary>
    public static async Task<HttpClient> SignInAsync(string managementUrl, string password, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = new Uri(managementUrl) };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = UserName, password }, ct);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer!.Token);
        return http;
    }

    private sealed record TokenAnswer(string Token);
}
