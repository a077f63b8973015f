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
    /// <summary>TCP port of the ONVIF services (<c>/onvif/camN/device_service</c>, media_service, ptz_service) on
    /// <see cref="BindAddress"/>; 0 lets the OS pick one, null (default) serves no ONVIF.</summary>
    public int? OnvifPort { get; set; }
    /// <summary>How ONVIF calls are authenticated when <see cref="User"/>/<see cref="Password"/> are set.</summary>
    public OnvifAuthMode OnvifAuth { get; set; } = OnvifAuthMode.UsernameToken;
    /// <summary>Seed of each mount's ONVIF identity (EndpointReference UUID, serial number): the same seed gives the
    /// same devices across restarts. Give simulators that share a network different seeds.</summary>
    public string IdentitySeed { get; set; } = "simcamera";
    /// <summary>UDP endpoint of the WS-Discovery responder (ONVIF uses port 3702); null (default) = no discovery.
    /// Needs <see cref="OnvifPort"/>, since the answers point at the device services.</summary>
    public IPEndPoint? DiscoveryEndpoint { get; set; }
    /// <summary>Also join the WS-Discovery multicast group 239.255.255.250 on the interface of
    /// <see cref="DiscoveryEndpoint"/> (binding the wildcard address on its port). Only for tests inside a private
    /// network namespace; never on by default.</summary>
    public bool DiscoveryMulticast { get; set; }
    /// <summary>Unicast endpoint that receives a Hello per device at start and a Bye per device at stop (tests cannot
    /// use multicast); null = no announcements. Needs <see cref="DiscoveryEndpoint"/>, whose socket sends them.</summary>
    public IPEndPoint? AnnounceTo { get; set; }
    /// <summary>Clock of the ONVIF side: device time, UsernameToken/Digest freshness, PTZ movement. Tests inject a
    /// manual one; RTP pacing always uses the real monotonic clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    /// <summary>Optional log sink (one line per event); null = silent.</summary>
    public Action<string>? Log { get; set; }
}
