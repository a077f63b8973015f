namespace VmsServices.Demo;

/// <summary>Settings of the "Demo" configuration section (command line: --Demo:BasePort=6080).</summary>
public sealed class DemoSettings
{
    public const string Section = "Demo";

    /// <summary>Management listens on BasePort, recording server i on BasePort + i.</summary>
    public int BasePort { get; set; } = 5080;

    /// <summary>Ids of the recording servers to start.</summary>
    public string[] RecordingServers { get; set; } = ["rec-a", "rec-b"];

    /// <summary>Every node keeps its own storage under this folder.</summary>
    public string DataDirectory { get; set; } = "data/demo";

    /// <summary>Simulated ONVIF cameras served in-process (0: none, and no simulator at all).</summary>
    public int SimulatedCameras { get; set; } = 3;

    /// <summary>
    /// How many of them, the first ones, the demo attaches as cam-1..cam-N, round-robin on the recording
    /// servers. The others wait in discovery for an operator's attach, as a camera just plugged in does.
    /// </summary>
    public int AttachedCameras { get; set; } = 2;

    /// <summary>RTSP port of the simulated cameras; their ONVIF services listen on the next port (0: any free ports).</summary>
    public int CameraPort { get; set; } = 8554;

    /// <summary>Password of the demo's administrator "admin"; empty: one made on the first run and kept in the data directory.</summary>
    public string? AdministratorPassword { get; set; }

    /// <summary>The number of cameras the demo attaches: at most every simulated one.</summary>
    public int CamerasToAttach() => Math.Min(AttachedCameras, SimulatedCameras);

    /// <summary>What is wrong with these settings, one sentence each; empty when the demo can start.</summary>
    public IEnumerable<string> Problems()
    {
        if (BasePort is < 1 || BasePort + RecordingServers.Length > 65535)
            yield return $"Demo:BasePort must leave room for {RecordingServers.Length + 1} ports below 65536 (it is {BasePort}).";
        if (SimulatedCameras < 0) yield return $"Demo:SimulatedCameras must be 0 or more (it is {SimulatedCameras}).";
        if (AttachedCameras < 0) yield return $"Demo:AttachedCameras must be 0 or more (it is {AttachedCameras}).";
        // The ONVIF services take the port after the RTSP one.
        if (CameraPort is < 0 or > 65534) yield return $"Demo:CameraPort must be 0 (any free port) or 1-65534 (it is {CameraPort}).";
    }
}
