using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Demo;
using VmsServices.Hosting.Security;
using VmsServices.Management.Tokens;
using VmsServices.TestSupport;

namespace VmsServices.Security.Tests;

/// <summary>
/// The embedded system (management + one recording server, in-memory bus, SQLite) in this process,
/// so its endpoint tables can be read, with one user per role and every kind of token a caller
/// might present: real ones from the sign-in API, and forged, expired and tampered ones.
/// </summary>
public sealed class SecuredSystem : IAsyncDisposable
{
    public const string RecorderId = "rec-a";

    private readonly EmbeddedSystem _system;
    private readonly string _data;

    private SecuredSystem(EmbeddedSystem system, string data)
    {
        _system = system;
        _data = data;
    }

    public string ManagementUrl => _system.Urls[0];

    public string RecorderUrl => _system.Urls[1];

    public IServiceProvider ManagementServices => _system.NodeServices[0];

    public IServiceProvider RecorderServices => _system.NodeServices[1];

    /// <summary>Caller name → the Authorization header value it sends (null: none).</summary>
    public Dictionary<string, string?> Callers { get; } = [];

    public static async Task<SecuredSystem> StartAsync()
    {
        var data = RepoPaths.NewScratchDirectory("security");
        var demo = new DemoSettings
        {
            BasePort = Ports.FreeBlock(2),
            RecordingServers = [RecorderId],
            DataDirectory = data,
            SimulatedCameras = 0,
        };
        var system = EmbeddedSystem.Build(demo, [], null, TestAuth.AdministratorPassword);
        var secured = new SecuredSystem(system, data);
        await system.StartAsync(CancellationToken.None);
        await secured.PrepareAsync();
        return secured;
    }

    private async Task PrepareAsync()
    {
        using var admin = new HttpClient { BaseAddress = new Uri(ManagementUrl) };
        admin.Authorize(await TestAuth.SignInAsync(admin));
        await Eventually.Get(async () => await admin.GetFromJsonAsync<List<Server>>("/api/recording-servers") ?? [],
            s => s.Count == 1, TimeSpan.FromSeconds(30), "the recording server to register");
        foreach (var id in new[] { "cam-1", "cam-2" })
            Ok(await admin.PostAsJsonAsync("/api/devices", new { id, name = id, streamUrl = $"rtsp://127.0.0.1:9/{id}", recordingServerId = RecorderId }));
        await AddUserAsync(admin, "vera", VmsRole.Viewer, null);
        await AddUserAsync(admin, "oscar", VmsRole.Operator, null);
        await AddUserAsync(admin, "lima", VmsRole.Viewer, ["cam-2"]);

        Callers["administrator"] = Bearer(await TestAuth.SignInAsync(admin));
        Callers["operator"] = Bearer(await TestAuth.SignInAsync(admin, "oscar", UserPassword));
        Callers["viewer"] = Bearer(await TestAuth.SignInAsync(admin, "vera", UserPassword));
        Callers["viewer of cam-2 only"] = Bearer(await TestAuth.SignInAsync(admin, "lima", UserPassword));
        ManagementServices.GetRequiredService<TokenIssuer>().ForRecordingServer(RecorderId, out var service);
        Callers["recording server"] = Bearer(service);
        Callers["no token"] = null;
        Callers["garbage"] = "Bearer not-a-token";
        Callers["expired"] = Bearer(Signed(new AccessToken("admin", "Administrator", null, DateTimeOffset.UtcNow.AddHours(-9), DateTimeOffset.UtcNow.AddHours(-1), "x1")));
        Callers["signed by another key"] = Bearer(ForgedSignature());
        Callers["role changed after signing"] = Bearer(Tampered(Callers["viewer"]![7..]));
        Callers["alg none"] = Bearer(Unsigned());
    }

    public const string UserPassword = "user-password-1";

    public static readonly string[] Refused = ["no token", "garbage", "expired", "signed by another key", "role changed after signing", "alg none"];

    private string Signed(AccessToken token)
    {
        var key = ManagementServices.GetRequiredService<SigningKey>();
        return TokenCodec.Sign(token, key.Key, key.KeyId);
    }

    /// <summary>A valid-looking administrator token with the real key id, signed by an attacker's key.</summary>
    private string ForgedSignature()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return TokenCodec.Sign(new AccessToken("admin", "Administrator", null, now, now.AddHours(1), "x2"), other, ManagementServices.GetRequiredService<SigningKey>().KeyId);
    }

    /// <summary>The viewer's real token with its claims rewritten to say Administrator, signature kept.</summary>
    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var claims = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("\"Viewer\"", "\"Administrator\"");
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims))}.{parts[2]}";
    }

    private string Unsigned()
    {
        var kid = ManagementServices.GetRequiredService<SigningKey>().KeyId;
        string Part(string json) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part($"{{\"alg\":\"none\",\"kid\":\"{kid}\"}}")}.{Part($"{{\"iss\":\"vms-management\",\"sub\":\"admin\",\"role\":\"Administrator\",\"iat\":{now},\"nbf\":{now},\"exp\":{now + 3600},\"jti\":\"x3\"}}")}.";
    }

    private static async Task AddUserAsync(HttpClient admin, string name, VmsRole role, string[]? devices) =>
        Ok(await admin.PutAsJsonAsync($"/api/users/{name}", new { role = role.ToString(), password = UserPassword, devices }));

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
            if (!response.IsSuccessStatusCode)
                Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}");
    }

    private static string Bearer(string token) => $"Bearer {token}";

    public async ValueTask DisposeAsync()
    {
        await _system.DisposeAsync();
        try { Directory.Delete(_data, true); } catch (IOException) { }
    }

    private sealed record Server(string Id);
}
