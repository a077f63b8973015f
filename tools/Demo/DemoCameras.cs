using System.Net;
using VmsServices.SimCamera;

namespace VmsServices.Demo;

/// <summary>
/// The demo's cameras: the project's simulated camera, served in-process. Each mount is also an ONVIF
/// device (device, media and PTZ services on the port after the RTSP one) that a WS-Discovery responder
/// on loopback answers for. The first <see cref="DemoSettings.AttachedCameras"/> become cam-1..cam-N
/// (<see cref="DemoCameraAttachment"/>); the others wait to be discovered and attached by an operator.
/// </summary>
public static class DemoCameras
{
    /// <summary>Seed of the cameras' ONVIF identities: the same endpoint references on every run, so a restarted demo finds its devices again.</summary>
    public const string IdentitySeed = "vms-demo";

    /// <summary>Null when the settings ask for no camera at all.</summary>
    public static async Task<SimulatedCameraServer?> StartAsync(DemoSettings demo, CancellationToken ct)
    {
        if (demo.SimulatedCameras <= 0) return null;
        return await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions
        {
            Port = demo.CameraPort,
            Cameras = demo.SimulatedCameras,
            OnvifPort = demo.CameraPort == 0 ? 0 : demo.CameraPort + 1,
            IdentitySeed = IdentitySeed,
            // Unicast on loopback, on any free port: the demo's management server probes exactly this
            // address (Management:Discovery:ProbeTargets). Nothing is ever sent to a multicast group.
            DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        }, ct);
    }

    /// <summary>The lines the demo prints about its cameras: where each streams, its ONVIF address, and where discovery answers.</summary>
    public static IEnumerable<string> Describe(SimulatedCameraServer? cameras, DemoSettings demo)
    {
        if (cameras is null) yield break;
        for (var i = 1; i <= cameras.Cameras; i++)
        {
            var what = i <= demo.CamerasToAttach()
                ? $"simulated camera {DemoCameraAttachment.DeviceId(i)}"
                : $"simulated camera cam{i}, waiting to be attached";
            yield return $"{what}: {cameras.GetUrl(i)}  (ONVIF: {cameras.GetDeviceServiceUrl(i)})";
        }
        yield return $"WS-Discovery of the simulated cameras (UDP, unicast only): {cameras.DiscoveryEndpoint}";
    }
}
