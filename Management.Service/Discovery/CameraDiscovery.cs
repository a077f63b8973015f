using System.Net;
using VmsServices.Onvif;

namespace VmsServices.Management.Discovery;

/// <summary>
/// Finds ONVIF cameras: a directed WS-Discovery probe to each configured target (and, when enabled, a
/// multicast probe of the subnet) every <see cref="DiscoverySettings.ProbeInterval"/>, probes on
/// demand, and, when a listen endpoint is set,
/// the cameras' own Hello and Bye announcements. With <see cref="DiscoverySettings.AutoAttach"/> every
/// camera found is attached at once (seed 001: a camera announces itself and a server with capacity
/// takes it); otherwise it waits in <see cref="DiscoveredCameras"/> for an operator's Attach.
/// </summary>
public sealed class CameraDiscovery(
    DiscoveredCameras discovered,
    CameraAttacher attacher,
    DiscoverySettings settings,
    ILogger<CameraDiscovery> log) : BackgroundService
{
    private readonly WsDiscoveryClient _client = new();

    /// <summary>Probes one address now; returns what answered (also remembered, and attached when AutoAttach is on).</summary>
    public async Task<IReadOnlyList<DiscoveredCamera>> ProbeAsync(IPEndPoint target, CancellationToken ct)
    {
        var found = await _client.ProbeAsync(target, settings.ProbeWait, ct);
        foreach (var device in found) await SeenAsync(device, ct);
        return found.Select(d => discovered.Find(d.EndpointReference)).OfType<DiscoveredCamera>().ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<IPEndPoint> targets;
        IPEndPoint? listenOn;
        try
        {
            targets = settings.ProbeTargets.Select(ParseEndpoint).ToList();
            listenOn = settings.ListenEndpoint is { } listen ? ParseEndpoint(listen) : null;
        }
        catch (ArgumentException e)
        {
            // A wrong setting turns discovery off, not the management server.
            log.LogError("Management:Discovery is misconfigured, discovery is off: {Reason}", e.Message);
            return;
        }
        var listening = listenOn is not null ? ListenAsync(listenOn, stoppingToken) : Task.CompletedTask;
        if (targets.Count == 0 && !settings.MulticastProbe)
        {
            await listening;
            return;
        }
        IPAddress? multicastFrom = null;
        if (settings.MulticastInterface is { } local && !IPAddress.TryParse(local, out multicastFrom))
            log.LogError("Management:Discovery:MulticastInterface '{Value}' is not an IP address; probing from the system's default interface", local);
        using var timer = new PeriodicTimer(settings.ProbeInterval);
        try
        {
            do
            {
                foreach (var target in targets)
                    await TryAsync(target.ToString(), () => _client.ProbeAsync(target, settings.ProbeWait, stoppingToken), stoppingToken);
                if (settings.MulticastProbe)
                    await TryAsync("the multicast group", () => _client.ProbeMulticastAsync(settings.ProbeWait, multicastFrom, stoppingToken), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await listening;
    }

    private async Task TryAsync(string target, Func<Task<IReadOnlyList<DiscoveredDevice>>> probe, CancellationToken ct)
    {
        try
        {
            foreach (var device in await probe()) await SeenAsync(device, ct);
        }
        catch (Exception e) when (e is OnvifException or ArgumentException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Discovery probe to {Target} failed: {Reason}", target, e.Message);
        }
    }

    private async Task ListenAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        try
        {
            using var listener = new WsDiscoveryListener(endpoint, settings.JoinMulticastGroup ? WsDiscoveryListener.Ipv4MulticastGroup : null);
            log.LogInformation("Listening for ONVIF Hello/Bye on {Endpoint}", listener.LocalEndpoint);
            while (!ct.IsCancellationRequested)
            {
                var announcement = await listener.ReceiveAsync(ct);
                if (announcement.Kind == DiscoveryAnnouncementKind.Bye) discovered.Gone(announcement.Device.EndpointReference);
                else await SeenAsync(announcement.Device, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (OnvifException e)
        {
            log.LogError("Cannot listen for ONVIF announcements on {Endpoint}: {Reason}", endpoint, e.Message);
        }
    }

    private async Task SeenAsync(DiscoveredDevice device, CancellationToken ct)
    {
        if (!device.IsNetworkVideoTransmitter && device.Types.Count > 0) return;
        var isNew = discovered.Seen(device);
        if (isNew) log.LogInformation("Discovered ONVIF camera {Name} ({EndpointReference}) at {Url}", device.Scopes.Name, device.EndpointReference, device.XAddrs.FirstOrDefault());
        if (!settings.AutoAttach || discovered.Find(device.EndpointReference) is not { AttachedDeviceId: null }) return;
        try
        {
            await attacher.AttachAsync(new AttachRequest(EndpointReference: device.EndpointReference), ct);
        }
        catch (Exception e) when (e is Hosting.RequestFailure or OnvifException)
        {
            log.LogWarning("Could not attach discovered camera {EndpointReference}: {Reason}", device.EndpointReference, e.Message);
        }
    }

    internal static IPEndPoint ParseEndpoint(string text) =>
        IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, WsDiscoveryClient.DiscoveryPort) : endpoint
            : throw new ArgumentException($"'{text}' is not an address:port for WS-Discovery.");
}
