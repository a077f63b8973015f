using System.Net.Http.Json;
using VmsServices.TestSupport;
using VmsServices.Messages;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>Typed calls to the public HTTP APIs of a management or recording server.</summary>
public sealed class ServiceClient(string baseUrl) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public string BaseUrl { get; } = baseUrl;

    /// <summary>Signs in as the test administrator (a management server) and sends the token from now on; returns it.</summary>
    public async Task<string> SignInAsync()
    {
        var token = await TestAuth.SignInAsync(Http);
        Http.Authorize(token);
        return token;
    }

    /// <summary>Sends <paramref name="token"/> on every later request.</summary>
    public ServiceClient WithToken(string token)
    {
        Http.Authorize(token);
        return this;
    }

    public async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task AddServerAsync(string id, string address)
    {
        using var response = await Http.PostAsJsonAsync("/api/recording-servers", new { id, name = id, address });
        await EnsureSuccess(response);
    }

    public async Task AddDeviceAsync(string id, string? recordingServerId, string? streamUrl = null, string? credentialsRef = null, string[]? dataTypes = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/devices",
            new { id, name = id, streamUrl = streamUrl ?? $"rtsp://127.0.0.1:8554/{id}", recordingServerId, credentialsRef, dataTypes });
        await EnsureSuccess(response);
    }

    /// <summary>Stores a camera account on the management server (PUT /api/credentials/{ref}).</summary>
    public async Task PutCredentialsAsync(string credentialsRef, string userName, string password)
    {
        using var response = await Http.PutAsJsonAsync($"/api/credentials/{credentialsRef}", new { userName, password });
        await EnsureSuccess(response);
    }

    /// <summary>Recording servers with their liveness state and device count (management server).</summary>
    public async Task<IReadOnlyList<ServerStatus>> ServerStatusAsync() =>
        (await Http.GetFromJsonAsync<List<ServerStatus>>("/api/recording-servers/status"))!;

    /// <summary>Each device's current recording server (management server).</summary>
    public async Task<Dictionary<string, string>> CurrentServersAsync() =>
        (await TableAsync()).Entries.Where(e => e.IsCurrent && e.DataType == "video").ToDictionary(e => e.DeviceId, e => e.RecordingServerId);

    public async Task<IReadOnlyList<Segment>> SegmentsAsync(string deviceId, string dataType = "video") =>
        (await Http.GetFromJsonAsync<List<Segment>>($"/api/devices/{deviceId}/segments?dataType={dataType}"))!;

    /// <summary>Only what this server itself holds (scope=local), whether or not it is current for the device.</summary>
    public async Task<IReadOnlyList<Segment>> LocalSegmentsAsync(string deviceId, string dataType = "video") =>
        (await Http.GetFromJsonAsync<List<Segment>>($"/api/devices/{deviceId}/segments?dataType={dataType}&scope=local"))!;

    /// <summary>Downloads one segment as a standalone MP4 into <paramref name="directory"/>.</summary>
    public async Task<string> DownloadSegmentAsync(string deviceId, Segment segment, string directory, string dataType = "video")
    {
        var path = Path.Combine(directory, $"{deviceId}-{dataType}-{segment.StartUtcMicros}.mp4");
        await using var body = await Http.GetStreamAsync($"/api/devices/{deviceId}/segments/{segment.StartUtcMicros}?dataType={dataType}");
        await using var file = File.Create(path);
        await body.CopyToAsync(file);
        return path;
    }

    /// <summary>The association table of a recording server (seed 000 FIG. 7A/7B).</summary>
    public async Task<IReadOnlyList<AssociationRows>> AssociationAsync(string? deviceId = null, bool detail = false) =>
        (await Http.GetFromJsonAsync<List<AssociationRows>>($"/api/association?{(deviceId is null ? "" : $"deviceId={deviceId}")}{(detail ? "&detail=true" : "")}"))!;

    public async Task<ResyncReport> ResyncAssociationAsync(string? deviceId = null)
    {
        using var response = await Http.PostAsync($"/api/association/resync{(deviceId is null ? "" : $"?deviceId={deviceId}")}", null);
        await EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<ResyncReport>())!;
    }

    /// <summary>Asks the management server to move a device; the raw response (the move API may not exist yet).</summary>
    public Task<HttpResponseMessage> MoveDeviceAsync(string deviceId, string toRecordingServerId) =>
        Http.PostAsJsonAsync($"/api/devices/{deviceId}/move", new { toRecordingServerId });

    public async Task<IReadOnlyList<RecorderStatus>> RecordersAsync() =>
        (await Http.GetFromJsonAsync<List<RecorderStatus>>("/api/recorders", JsonOptions))!;

    public async Task<IReadOnlyList<RecordingServerRecord>> ServersAsync() =>
        (await Http.GetFromJsonAsync<List<RecordingServerRecord>>("/api/recording-servers"))!;

    public async Task<(long Version, IReadOnlyList<ConfigurationEntry> Entries)> TableAsync()
    {
        var table = await Http.GetFromJsonAsync<Table>("/api/configuration-table");
        return (table!.Version, table.Entries);
    }

    public async Task<ConfigurationCopy> CopyAsync() => (await Http.GetFromJsonAsync<ConfigurationCopy>("/api/configuration-copy"))!;

    /// <summary>The playback URL of a device for [from, to) (recording server): <c>playback.mp4</c> or <c>playback.m3u8</c>.</summary>
    public static string PlaybackPath(string deviceId, string extension, long fromUtcMicros, long toUtcMicros, string dataType = "video") =>
        $"/api/devices/{deviceId}/playback.{extension}?fromUtcMicros={fromUtcMicros}&toUtcMicros={toUtcMicros}&dataType={dataType}";

    /// <summary>GET a path (optionally with a Range header): status, body and Content-Range.</summary>
    public async Task<(System.Net.HttpStatusCode Status, byte[] Body, string? ContentRange)> GetBytesAsync(string pathAndQuery, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentRange?.ToString());
    }

    public void Dispose() => Http.Dispose();

    private static async Task EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record Table(long Version, List<ConfigurationEntry> Entries);
}

public sealed record Segment(long StartUtcMicros, long EndUtcMicros, long SizeBytes, bool AfterGap, string RecordingServerId)
{
    public double DurationSeconds => (EndUtcMicros - StartUtcMicros) / 1e6;
}

public sealed record HolderSummary(string RecordingServerId, bool IsCurrent, bool IsLocal, long SegmentCount, long? FirstStartUtcMicros, long? LastEndUtcMicros);

public sealed record AssociationRows(string DeviceId, string DataType, string? CurrentRecordingServerId, IReadOnlyList<HolderSummary> Holders, IReadOnlyList<Segment>? Segments)
{
    public HolderSummary? Holder(string serverId) => Holders.SingleOrDefault(h => h.RecordingServerId == serverId);
}

public sealed record ServerStatus(string Id, string State, int Devices);

public sealed record ResyncReport(int RowsAsked, int RowsSynchronized, IReadOnlyList<string> FailedPeers);

public sealed record RecorderStatus(string DeviceId, string State, string? LastError, long SegmentsWritten);

public static class CopyExtensions
{
    public static IEnumerable<string> DeviceIds(this ConfigurationCopy copy) => copy.Devices.Select(d => d.Device.Id);
}
