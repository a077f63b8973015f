using System.Xml.Linq;
using VmsServices.SimCamera.Onvif;

namespace VmsServices.SimCamera.Discovery;

/// <summary>Whether a device answers a Probe (WS-Discovery 2005/04 §5.1): every probed Type must be one of the
/// device's, and every probed Scope must match one of the device's under the probe's rule. Empty lists match.</summary>
internal static class ProbeMatcher
{
    /// <summary>The device types of an ONVIF NVT (ONVIF Core 7.3.1), also announced as <c>d:Types</c>.</summary>
    public static readonly IReadOnlyList<XName> DeviceTypes = [OnvifNamespaces.Network + "NetworkVideoTransmitter", OnvifNamespaces.Device + "Device"];

    public static bool Matches(ProbeMessage probe, IReadOnlyList<string> deviceScopes) =>
        probe.Types.All(DeviceTypes.Contains) &&
        probe.Scopes.All(scope => deviceScopes.Any(candidate => ScopeMatches(scope, candidate, probe.MatchBy)));

    /// <summary>rfc2396: same scheme and authority (case-insensitive) and the probe's path segments are a
    /// segment-wise prefix of the device's, after unescaping; strcmp0: identical strings. Other rules match nothing.</summary>
    internal static bool ScopeMatches(string probed, string device, string matchBy)
    {
        if (matchBy == DiscoveryNamespaces.MatchByStrcmp0) return probed == device;
        if (matchBy != DiscoveryNamespaces.MatchByRfc2396) return false;
        if (!TrySplit(probed, out var probedPrefix, out var probedSegments) || !TrySplit(device, out var devicePrefix, out var deviceSegments)) return false;
        if (!probedPrefix.Equals(devicePrefix, StringComparison.OrdinalIgnoreCase)) return false;
        if (probedSegments.Length > deviceSegments.Length || probedSegments.Concat(deviceSegments).Any(s => s is "." or "..")) return false;
        return probedSegments.SequenceEqual(deviceSegments.Take(probedSegments.Length), StringComparer.Ordinal);
    }

    /// <summary>"scheme://authority" and the unescaped path segments; query and fragment are ignored.</summary>
    private static bool TrySplit(string uri, out string schemeAndAuthority, out string[] segments)
    {
        schemeAndAuthority = "";
        segments = [];
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return false;
        var pathStart = uri.IndexOf('/', schemeEnd + 3);
        var end = uri.IndexOfAny(['?', '#']);
        if (end < 0) end = uri.Length;
        if (pathStart < 0 || pathStart > end) pathStart = end;
        schemeAndAuthority = uri[..pathStart];
        segments = uri[pathStart..end].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        return true;
    }
}
