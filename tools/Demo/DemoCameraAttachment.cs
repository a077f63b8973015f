using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VmsServices.SimCamera;

namespace VmsServices.Demo;

/// <summary>
/// Registers the demo's cameras the way an operator attaches a camera, through the management server's
/// public API: a directed probe (POST /api/discovery/probe), then POST /api/discovery/attach for each
/// camera by its endpoint reference, with its demo id (cam-1, cam-2...) and recording server
/// (round-robin). So each device carries its hardware identity and ONVIF address (PTZ works) and shows
/// as attached in GET /api/discovery. A camera attached by an earlier run is found again by its
/// endpoint reference and stays the device it was, wherever it was moved since.
/// </summary>
public static class DemoCameraAttachment
{
    /// <summary>How long to wait for the recording servers to register before attaching to them anyway.</summary>
    private static readonly TimeSpan ServersPatience = TimeSpan.FromSeconds(30);

    public static string DeviceId(int camera) => $"cam-{camera}";

    public static async Task AttachAsync(SimulatedCameraServer cameras, DemoSettings demo, string managementUrl, string administratorPassword, CancellationToken ct)
    {
        if (demo.CamerasToAttach() <= 0) return;
        using var http = await DemoAdministrator.SignInAsync(managementUrl, administratorPassword, ct);
        // Each recording server registers itself over the bus when it starts; attaching names them.
        await WaitForServersAsync(http, demo.RecordingServers, ct);
        using (var probe = await http.PostAsJsonAsync("/api/discovery/probe", new { address = cameras.DiscoveryEndpoint!.ToString() }, ct))
        {
            if (!probe.IsSuccessStatusCode)
            {
                await ReportAsync("probe the simulated cameras", probe, ct);
                return;
            }
        }
        for (var i = 1; i <= demo.CamerasToAttach(); i++)
        {
            var request = new
            {
                endpointReference = cameras.GetEndpointReference(i),
                id = DeviceId(i),
                name = $"Simulated camera {i}",
                recordingServerId = demo.RecordingServers.Length == 0 ? null : demo.RecordingServers[(i - 1) % demo.RecordingServers.Length],
            };
            using var response = await http.PostAsJsonAsync("/api/discovery/attach", request, ct);
            if (!response.IsSuccessStatusCode) await ReportAsync($"attach {request.id}", response, ct);
        }
    }

    private static async Task WaitForServersAsync(HttpClient http, string[] ids, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ServersPatience;
        while (DateTime.UtcNow < deadline)
        {
            var registered = await http.GetFromJsonAsync<List<Registered>>("/api/recording-servers", ct) ?? [];
            if (ids.All(id => registered.Any(r => r.Id == id))) return;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    /// <summary>
    /// One line on stderr; the demo goes on. 409 for a camera is usually a data folder of an older demo
    /// that registered cam-N without its ONVIF identity: that device is left as it is.
    /// </summary>
    private static async Task ReportAsync(string what, HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        var detail = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString()!;
        }
        catch (JsonException)
        {
            // Not a problem document: the body itself says what went wrong.
        }
        var hint = response.StatusCode == HttpStatusCode.Conflict ? " (left as it is; an empty Demo:DataDirectory starts afresh)" : "";
        Console.Error.WriteLine($"Could not {what}: {(int)response.StatusCode} {detail}{hint}");
    }

    private sealed record Registered(string Id);
}
