namespace VmsServices.Management.Discovery;

/// <summary>ONVIF discovery of cameras ("Management:Discovery"). Off unless something is configured.</summary>
public sealed class DiscoverySettings
{
    /// <summary>
    /// Addresses ("host:port") that get a directed unicast WS-Discovery probe every <see cref="ProbeInterval"/>:
    /// cameras on other subnets, or a known camera host.
    /// </summary>
    public List<string> ProbeTargets { get; set; } = [];

    /// <summary>
    /// Also probe the WS-Discovery multicast group 239.255.255.250:3702 every <see cref="ProbeInterval"/>
    /// (hop limit 1: the cameras of this server's subnet), from <see cref="MulticastInterface"/> when set.
    /// Off by default.
    /// </summary>
    public bool MulticastProbe { get; set; }

    /// <summary>Local IPv4 address of the interface multicast probes leave from (the system's choice when null).</summary>
    public string? MulticastInterface { get; set; }

    /// <summary>Where to listen for cameras' Hello and Bye ("0.0.0.0:3702" on a site, with <see cref="JoinMulticastGroup"/>).</summary>
    public string? ListenEndpoint { get; set; }

    /// <summary>The listener joins the WS-Discovery group 239.255.255.250, where cameras on the subnet announce themselves. Off by default.</summary>
    public bool JoinMulticastGroup { get; set; }

    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a probe waits for answers.</summary>
    public TimeSpan ProbeWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attach every camera found (seed 001: cameras announce themselves and a server with capacity takes them).</summary>
    public bool AutoAttach { get; set; }

    /// <summary>Credentials reference used to attach a camera when none is given (see Management:Credentials).</summary>
    public string? DefaultCredentialsRef { get; set; }
}
