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

    /// <summary>Simulated cameras served in-process and assigned round-robin to the recording servers (0: none).</summary>
    public int SimulatedCameras { get; set; } = 2;

    /// <summary>RTSP port of the simulated cameras (0: any free port).</summary>
    public int CameraPort { get; set; } = 8554;
}
