using System.Net;

namespace VmsServices.SimCamera;

/// <summary>Configuration of a <see cref="SimulatedCameraServer"/>.</summary>
public sealed class SimulatedCameraOptions
{
    /// <summary>Address to listen on. Loopback by default.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;
    /// <summary>TCP port; 0 lets the OS pick a free one (read it back from <see cref="SimulatedCameraServer.Port"/>).</summary>
    public int Port { get; set; } = 8554;
    /// <summary>Number of mounts, served as <c>/cam1</c> .. <c>/camN</c>.</summary>
    public int Cameras { get; set; } = 2;
    /// <summary>Path of an H.264 Annex B elementary stream to loop; null uses the embedded <see cref="EmbeddedMedia"/>.</summary>
    public string? FilePath { get; set; }
    /// <summary>Embedded loop used when <see cref="FilePath"/> is null: "loop720p.h264" (default) or "loop360p.h264".</summary>
    public string EmbeddedMedia { get; set; } = Source.H264Loop.Hd720Resource;
    /// <summary>Frame rate of the loop (elementary streams carry no reliable timing).</summary>
    public double FramesPerSecond { get; set; } = 25;
    /// <summary>Largest RTP payload; larger NAL units are sent as FU-A fragments.</summary>
    public int MaxRtpPayload { get; set; } = 1400;
    /// <summary>When both are set, every request except OPTIONS needs Digest (RFC 2617) credentials.</summary>
    public string? User { get; set; }
    public string? Password { get; set; }
    /// <summary>Fault injection: close each connection this long after PLAY (recorders must reconnect). Query: <c>?drop-after=5</c>.</summary>
    public TimeSpan? DropAfter { get; set; }
    /// <summary>Fault injection: now and then write random non-'$' bytes between interleaved frames. Query: <c>?garbage=1</c>.</summary>
    public bool Garbage { get; set; }
    /// <summary>RTSP session timeout announced in the Session header; a connection silent for longer is closed.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A client whose send queue holds more than this much media is dropped (slow reader).</summary>
    public TimeSpan MaxClientLag { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Interval of RTCP sender reports.</summary>
    public TimeSpan SenderReportInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Optional log sink (one line per event); null = silent.</summary>
    public Action<string>? Log { get; set; }
}
