using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>
/// The management server's public API, for what the tests check behind the console's back, as the
/// administrator once <see cref="TrySignInAsync"/> succeeded.
/// </summary>
public sealed class SystemApi(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public HttpClient Http => _http;

    /// <summary>Signs in as the administrator (TestAuth); false while the system does not accept it yet.</summary>
    public async Task<bool> TrySignInAsync()
    {
        try
        {
            _http.Authorize(await TokenAsync(ConsoleUser.Administrator));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // refused: the administrator is not created yet
        }
    }

    /// <summary>A user's token (POST /api/auth/token), e.g. for a browser tab's session cookie.</summary>
    public Task<string> TokenAsync(ConsoleUser user) => TestAuth.SignInAsync(_http, user.Name, user.Password);

    /// <summary>Creates the user or changes it to this role, password and devices (PUT /api/users/{name}).</summary>
    public async Task PutUserAsync(ConsoleUser user, string role, params string[] devices)
    {
        using var response = await _http.PutAsJsonAsync($"/api/users/{user.Name}",
            new { role, password = user.Password, devices = devices.Length > 0 ? devices : null });
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        // An exception rather than an assertion: callers also poll with it while the system starts.
        if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<HttpStatusCode> StatusOfAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return response.StatusCode;
    }

    /// <summary>The recording server whose row for the device is current, from the master configuration table.</summary>
    public async Task<string?> CurrentServerAsync(string deviceId) =>
        (await TableRowsAsync(deviceId)).Where(r => r.IsCurrent).Select(r => r.ServerId).FirstOrDefault();

    public async Task<List<(string ServerId, bool IsCurrent)>> TableRowsAsync(string deviceId)
    {
        var table = await GetAsync("/api/configuration-table");
        return table.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("deviceId").GetString() == deviceId)
            .Select(e => (e.GetProperty("recordingServerId").GetString()!, e.GetProperty("isCurrent").GetBoolean()))
            .ToList();
    }

    /// <summary>The device's segments, merged across every server holding them (through its current server).</summary>
    public async Task<List<Segment>> SegmentsAsync(string deviceId, long fromUtcMicros = 0)
    {
        var list = await GetAsync($"/api/devices/{deviceId}/segments?fromUtcMicros={fromUtcMicros}&toUtcMicros={long.MaxValue}");
        return list.EnumerateArray().Select(s => new Segment(
            s.GetProperty("startUtcMicros").GetInt64(), s.GetProperty("endUtcMicros").GetInt64(), s.GetProperty("recordingServerId").GetString()!)).ToList();
    }

    /// <summary>The newest completed move of a device to a server, or null.</summary>
    public async Task<JsonElement?> CompletedMoveAsync(string deviceId, string toServerId)
    {
        var moves = await GetAsync($"/api/moves?deviceId={deviceId}");
        foreach (var move in moves.EnumerateArray())
            if (move.GetProperty("toRecordingServerId").GetString() == toServerId && move.GetProperty("state").GetString() == "Completed") return move;
        return null;
    }

    public async Task MoveAsync(string deviceId, string toServerId)
    {
        using var response = await _http.PostAsJsonAsync($"/api/devices/{deviceId}/move", new { toRecordingServerId = toServerId });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public async Task DeleteDeviceIfAnyAsync(string deviceId)
    {
        using var response = await _http.DeleteAsync($"/api/devices/{deviceId}");
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A segment as the API lists it: [start, end) in UTC microseconds, and the server holding it.</summary>
public sealed record Segment(long StartUtcMicros, long EndUtcMicros, string RecordingServerId);
