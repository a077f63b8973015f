using System.Net;

namespace VmsServices.Onvif;

public enum DiscoveryAnnouncementKind
{
    /// <summary>The device joined the network (or changed its metadata).</summary>
    Hello,

    /// <summary>The device is leaving the network; only its endpoint reference is certain.</summary>
    Bye,
}

/// <summary>A Hello or Bye received by a <see cref="WsDiscoveryListener"/>, with the address it came from.</summary>
public sealed record DiscoveryAnnouncement(DiscoveryAnnouncementKind Kind, DiscoveredDevice Device, IPEndPoint Sender);
