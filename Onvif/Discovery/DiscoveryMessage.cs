namespace VmsServices.Onvif.Discovery;

internal enum DiscoveryMessageKind
{
    Probe,
    ProbeMatches,
    Hello,
    Bye,
    Other,
}

/// <summary>One parsed WS-Discovery datagram: what it is, its addressing headers and the devices it describes.</summary>
internal sealed record DiscoveryMessage(
    DiscoveryMessageKind Kind,
    string? MessageId,
    string? RelatesTo,
    IReadOnlyList<DiscoveredDevice> Devices);
