using System.Net.Sockets;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// Cameras as separate processes: GStreamer's RTSP server (a peer nobody here wrote) and the
/// project's simulated camera. Both are stopped by PID when disposed.
/// </summary>
public static class CameraPeers
{
    private const string Python = "/usr/bin/python3";

    /// <summary>GStreamer camera at rtsp://127.0.0.1:port/cam: 320x240 H.264 at 25 fps, GOP 1 s, plus audio.</summary>
    public static async Task<(ServiceProcess Process, string Url)> StartGStreamerAsync(string workingDirectory, string audio = "aac")
    {
        if (!File.Exists(Python)) Assert.Ignore("GStreamer's RTSP server needs Debian's python3-gi (see .ci/run).");
        var port = Ports.Free();
        var camera = ServiceProcess.StartCommand("gstreamer-camera", Python,
            [Path.Combine(RepoPaths.Root, "tests", "peers", "gst_rtsp_camera.py"), port.ToString(), "--audio", audio], workingDirectory);
        await Eventually.Get(() => Task.FromResult(camera.Output), o => o.Contains("READY") || camera.HasExited, TimeSpan.FromSeconds(30), "the GStreamer camera");
        if (camera.HasExited) Assert.Fail("The GStreamer camera did not start:\n" + camera.Output);
        return (camera, $"rtsp://127.0.0.1:{port}/cam");
    }

    /// <summary>The project's simulated camera (720p25, 2 Mbit/s, GOP 1 s) with mounts /cam1../camN.</summary>
    public static Task<(ServiceProcess Process, int Port)> StartSimulatedAsync(string workingDirectory, int cameras = 1, params string[] extraArgs) =>
        StartSimulatedAsync(workingDirectory, Ports.Free(), cameras, extraArgs);

    /// <summary>The same on a given port (a camera that comes back where it was).</summary>
    public static async Task<(ServiceProcess Process, int Port)> StartSimulatedAsync(string workingDirectory, int port, int cameras, params string[] extraArgs)
    {
        var camera = ServiceProcess.Start("simulated-camera", RepoPaths.ServiceDll(Path.Combine("tools", "SimCamera"), "VmsServices.SimCamera"), workingDirectory,
            ["--port", port.ToString(), "--cameras", cameras.ToString(), "--quiet", .. extraArgs]);
        await Eventually.Get(() => Task.FromResult(camera.HasExited || Accepts(port)), up => up, TimeSpan.FromSeconds(30), "the simulated camera");
        if (camera.HasExited) Assert.Fail("The simulated camera did not start:\n" + camera.Output);
        return (camera, port);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
