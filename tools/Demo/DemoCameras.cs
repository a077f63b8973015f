using System.Net;
using System.Net.Http.Json;
using VmsServices.SimCamera;

namespace VmsServices.Demo;

/// <summary>
/// The demo's cameras: the project's simulated camera, served in-process, registered through the
/// management server's public API like any camera an operator adds (a camera already registered
/// by an earlier run is left as it is).
/// </summary>
public static class DemoCameras
{
    public static async Task<SimulatedCameraServer?> StartAsync(DemoSettings demo, string managementUrl, CancellationToken ct)
    {
        if (demo.SimulatedCameras <= 0) return null;
        var cameras = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = demo.CameraPort, Cameras = demo.SimulatedCameras }, ct);
        using var http = new HttpClient { BaseAddress = new Uri(managementUrl) };
        for (var i = 1; i <= demo.SimulatedCameras; i++)
        {
            var device = new
            {
                id = $"cam-{i}",
                name = $"Simulated camera {i}",
                streamUrl = cameras.GetUrl(i),
                recordingServerId = demo.RecordingServers[(i - 1) % demo.RecordingServers.Length],
            };
            using var response = await http.PostAsJsonAsync("/api/devices", device, ct);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
                Console.Error.WriteLine($"Could not register {device.id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
        return cameras;
    }
}
