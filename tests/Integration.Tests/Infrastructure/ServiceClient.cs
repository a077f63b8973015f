using System.Net.Http.Json;
using VmsServices.Messages;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>Typed calls to the public HTTP APIs of a management or recording server.</summary>
public sealed class ServiceClient(string baseUrl) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };

    public string BaseUrl { get; } = baseUrl;

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

    public async Task AddDeviceAsync(string id, string recordingServerId)
    {
        using var response = await Http.PostAsJsonAsync("/api/devices", new { id, name = id, streamUrl = $"rtsp://127.0.0.1:8554/{id}", recordingServerId });
        await EnsureSuccess(response);
    }

    public async Task<IReadOnlyList<RecordingServerRecord>> ServersAsync() =>
        (await Http.GetFromJsonAsync<List<RecordingServerRecord>>("/api/recording-servers"))!;

    public async Task<(long Version, IReadOnlyList<ConfigurationEntry> Entries)> TableAsync()
    {
        var table = await Http.GetFromJsonAsync<Table>("/api/configuration-table");
        return (table!.Version, table.Entries);
    }

    public async Task<ConfigurationCopy> CopyAsync() => (await Http.GetFromJsonAsync<ConfigurationCopy>("/api/configuration-copy"))!;

    public void Dispose() => Http.Dispose();

    private static async Task EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private sealed record Table(long Version, List<ConfigurationEntry> Entries);
}

public static class CopyExtensions
{
    public static IEnumerable<string> DeviceIds(this ConfigurationCopy copy) => copy.Devices.Select(d => d.Device.Id);
}
