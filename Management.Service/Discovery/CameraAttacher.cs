using System.Text.RegularExpressions;
using VmsServices.Hosting;
using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;
using VmsServices.Onvif;

namespace VmsServices.Management.Discovery;

/// <summary>What to attach: a discovered camera (by endpoint reference) or a device service URL typed in by hand.</summary>
public sealed record AttachRequest(
    string? EndpointReference = null,
    string? DeviceServiceUrl = null,
    string? Id = null,
    string? Name = null,
    string? CredentialsRef = null,
    string? RecordingServerId = null,
    string? ProfileToken = null);

/// <summary>The device attached, and whether it was a camera already known by its hardware identity.</summary>
public sealed record AttachResult(DeviceConfiguration Device, bool AlreadyKnown);

/// <summary>
/// Attaches an ONVIF camera (seed 001: a camera announces itself and a server with capacity takes it):
/// asks the camera for its identity, profiles and stream URI, then registers it as a device on the
/// online recording server with the most capacity left (or the one named). A camera already known by
/// its hardware identity (manufacturer and serial number, else its endpoint reference) is the same
/// device: only its addresses are updated, its id, rows and history stay.
/// </summary>
public sealed partial class CameraAttacher(
    DiscoveredCameras discovered,
    ConfigurationStore table,
    ConfigurationPublisher publisher,
    FleetReader fleets,
    ManagementCredentials credentials,
    DiscoverySettings settings,
    ILogger<CameraAttacher> log)
{
    public async Task<AttachResult> AttachAsync(AttachRequest request, CancellationToken ct)
    {
        var camera = request.EndpointReference is { } reference
            ? discovered.Find(reference) ?? throw new NotFoundException($"No discovered camera has the endpoint reference '{reference}'; probe again (POST /api/discovery/probe).")
            : null;
        var url = request.DeviceServiceUrl ?? camera?.DeviceServiceUrls.FirstOrDefault()
            ?? throw new InvalidRequestException("Give endpointReference (a discovered camera) or deviceServiceUrl.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var deviceService) || deviceService.Scheme is not ("http" or "https") || deviceService.UserInfo.Length > 0)
            throw new InvalidRequestException("deviceServiceUrl must be an absolute http(s) URL without credentials.");
        if (request.Id is not null && !Ids.IsValid(request.Id)) throw new InvalidRequestException($"id must be {Ids.Rule}.");
        var credentialsRef = request.CredentialsRef ?? settings.DefaultCredentialsRef;

        using var onvif = new OnvifDevice(deviceService, await credentials.GetAsync(credentialsRef, ct));
        OnvifDeviceInformation info;
        Uri stream;
        try
        {
            await onvif.GetSystemDateAndTimeAsync(ct);
            info = await onvif.GetDeviceInformationAsync(ct);
            var profiles = await onvif.GetProfilesAsync(ct);
            var profile = (request.ProfileToken is { } token ? profiles.FirstOrDefault(p => p.Token == token) : profiles.FirstOrDefault(p => p.VideoEncoding is "H264" or "H265"))
                ?? throw new InvalidRequestException($"The camera at {deviceService} has no {(request.ProfileToken is null ? "H.264/H.265 profile" : $"profile '{request.ProfileToken}'")}.");
            stream = await onvif.GetStreamUriAsync(profile.Token, ct);
        }
        catch (OnvifException e)
        {
            throw new UpstreamException($"The camera at {deviceService} could not be attached: {e.Message}");
        }
        var streamUrl = new UriBuilder(stream) { UserName = "", Password = "" }.Uri.ToString();
        // The camera's own serial number names it whichever way it was reached (discovered, or typed in by
        // URL); the endpoint reference only when it reports no serial.
        var hardwareId = info.SerialNumber is { Length: > 0 } serial ? $"serial:{info.Manufacturer}/{serial}" : camera?.EndpointReference;

        if (hardwareId is not null && await table.FindDeviceByHardwareIdAsync(hardwareId, ct) is { } knownId)
        {
            if (await table.UpdateDeviceEndpointAsync(knownId, streamUrl, deviceService.ToString(), ct) is { } moved) await publisher.PublishAsync(moved);
            log.LogInformation("Camera {HardwareId} is device {Device} again, now at {Url}", hardwareId, knownId, deviceService);
            Remember(camera, knownId);
            return new AttachResult(await table.GetDeviceAsync(knownId, ct), AlreadyKnown: true);
        }

        var id = request.Id ?? DeviceIdFor(info, camera);
        var name = request.Name ?? camera?.Name ?? $"{info.Manufacturer} {info.Model}".Trim();
        var (serverId, placement) = request.RecordingServerId is { } chosen
            ? (chosen, Placements.Manual)
            : ((await fleets.ReadAsync(ct)).Choose()?.Id ?? throw new ConflictException(Api.DevicesApi.NoCapacity), Placements.Automatic);
        var device = new DeviceRecord(id, string.IsNullOrWhiteSpace(name) ? id : name, streamUrl, deviceService.ToString(), credentialsRef);
        var change = await table.AddDeviceAsync(device, [DataTypes.Video], serverId, ct, placement, hardwareId);
        await publisher.PublishAsync(change);
        log.LogInformation("Camera {Url} attached as device {Device} on {Server} ({Placement})", deviceService, id, serverId, placement);
        Remember(camera, id);
        return new AttachResult(change.Devices.Single(), AlreadyKnown: false);
    }

    private void Remember(DiscoveredCamera? camera, string deviceId)
    {
        if (camera is not null) discovered.Attached(camera.EndpointReference, deviceId);
    }

    /// <summary>A readable, valid, stable id: "model-serial" in lower case, else from the endpoint reference.</summary>
    private static string DeviceIdFor(OnvifDeviceInformation info, DiscoveredCamera? camera)
    {
        var raw = info.SerialNumber is { Length: > 0 } serial ? $"{info.Model}-{serial}" : camera?.EndpointReference.Split(':').Last() ?? Guid.NewGuid().ToString("N");
        var id = NotAllowed().Replace(raw.ToLowerInvariant(), "-").Trim('-', '.', '_');
        id = id.Length > 64 ? id[..64] : id;
        return Ids.IsValid(id) ? id : "camera-" + Guid.NewGuid().ToString("N")[..12];
    }

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NotAllowed();
}
