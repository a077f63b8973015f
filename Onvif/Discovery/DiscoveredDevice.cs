using System.Xml.Linq;
using VmsServices.Onvif.Xml;

namespace VmsServices.Onvif;

/// <summary>
/// A device as WS-Discovery describes it (ProbeMatch, Hello or Bye). <see cref="EndpointReference"/>
/// is its stable identity (usually urn:uuid:…); <see cref="Types"/> are resolved QNames;
/// <see cref="XAddrs"/> are its device service URLs as announced. Missing parts are empty or null.
/// </summary>
public sealed record DiscoveredDevice(
    string EndpointReference,
    IReadOnlyList<XName> Types,
    OnvifScopes Scopes,
    IReadOnlyList<Uri> XAddrs,
    uint? MetadataVersion)
{
    private static readonly XName NetworkVideoTransmitter = OnvifNamespaces.Network + "NetworkVideoTransmitter";

    /// <summary>
    /// Whether the device says it is an ONVIF video device (dn:NetworkVideoTransmitter). A type
    /// whose prefix the device forgot to declare is accepted by its local name.
    /// </summary>
    public bool IsNetworkVideoTransmitter => Types.Any(t => t == NetworkVideoTransmitter
        || (t.Namespace == XNamespace.None && t.LocalName == NetworkVideoTransmitter.LocalName));

    /// <summary>The same device seen twice (two answers, two interfaces): the newer metadata, all addresses.</summary>
    internal DiscoveredDevice MergeWith(DiscoveredDevice other)
    {
        DiscoveredDevice newer = (other.MetadataVersion ?? 0) > (MetadataVersion ?? 0) ? other : this;
        return newer with { XAddrs = XAddrs.Concat(other.XAddrs).Distinct().ToList() };
    }
}
