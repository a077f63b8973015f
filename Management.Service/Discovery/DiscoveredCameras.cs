using System.Collections.Concurrent;
using VmsServices.Hosting;
using VmsServices.Onvif;

namespace VmsServices.Management.Discovery;

/// <summary>A camera found by WS-Discovery: its identity, where its device service is, and whether it is attached.</summary>
public sealed record DiscoveredCamera(
    string EndpointReference,
    string? Name,
    string? Hardware,
    string? Location,
    IReadOnlyList<string> DeviceServiceUrls,
    long FirstSeenUtcMicros,
    long LastSeenUtcMicros,
    string? AttachedDeviceId);

/// <summary>
/// The cameras discovered since start (probe matches and Hellos; a Bye removes one), by endpoint
/// reference. In memory: discovery runs again after a restart, and attached cameras are devices.
/// </summary>
public sealed class DiscoveredCameras(TimeProvider clock)
{
    /// <summary>Bounds what a flood of forged announcements can cost.</summary>
    public const int MaxCameras = 10_000;

    private readonly ConcurrentDictionary<string, DiscoveredCamera> _cameras = new(StringComparer.Ordinal);

    /// <summary>Adds or refreshes a camera; true when it is new.</summary>
    public bool Seen(DiscoveredDevice device)
    {
        if (device.XAddrs.Count == 0 || (_cameras.Count >= MaxCameras && !_cameras.ContainsKey(device.EndpointReference))) return false;
        var now = clock.Now();
        var urls = device.XAddrs.Select(u => u.ToString()).ToList();
        var isNew = false;
        _cameras.AddOrUpdate(device.EndpointReference,
            _ =>
            {
                isNew = true;
                return new DiscoveredCamera(device.EndpointReference, device.Scopes.Name, device.Scopes.Hardware, device.Scopes.Location, urls, now, now, null);
            },
            (_, known) => known with { DeviceServiceUrls = urls, LastSeenUtcMicros = now, Name = device.Scopes.Name ?? known.Name });
        return isNew;
    }

    public void Gone(string endpointReference) => _cameras.TryRemove(endpointReference, out _);

    public void Attached(string endpointReference, string deviceId)
    {
        if (_cameras.TryGetValue(endpointReference, out var c)) _cameras[endpointReference] = c with { AttachedDeviceId = deviceId };
    }

    /// <summary>A device was removed: cameras attached as it wait for an attach again.</summary>
    public void DeviceRemoved(string deviceId)
    {
        foreach (var (reference, camera) in _cameras)
            if (camera.AttachedDeviceId == deviceId) _cameras.TryUpdate(reference, camera with { AttachedDeviceId = null }, camera);
    }

    public DiscoveredCamera? Find(string endpointReference) => _cameras.TryGetValue(endpointReference, out var c) ? c : null;

    public IReadOnlyList<DiscoveredCamera> All => _cameras.Values.OrderBy(c => c.Name ?? c.EndpointReference, StringComparer.Ordinal).ToList();
}
