using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Onvif;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Ptz;

/// <summary>A PTZ command: velocities in ONVIF's generic space, -1..1; a timeout stops the movement by itself.</summary>
public sealed record PtzMoveRequest(double Pan = 0, double Tilt = 0, double Zoom = 0, double? TimeoutSeconds = null);

/// <summary>
/// Relays a client's PTZ command to the camera (issue: "PTZ commands are relayed by the camera's current
/// recording server"): only the current server of a device relays, so a camera is steered by the server
/// that records it, with the credentials that server holds. The device's ONVIF address comes from its
/// registration (attach sets it); the first profile with a PTZ configuration is steered.
/// </summary>
public sealed class PtzRelay(ConfigurationSynchronizer configuration, ICredentialsProvider credentials, RecordingSettings settings)
{
    public async Task MoveAsync(string deviceId, PtzMoveRequest request, CancellationToken ct)
    {
        if (new[] { request.Pan, request.Tilt, request.Zoom }.Any(v => double.IsNaN(v) || v < -1 || v > 1))
            throw new InvalidRequestException("pan, tilt and zoom are velocities between -1 and 1.");
        if (request.TimeoutSeconds is { } t && (double.IsNaN(t) || t <= 0 || t > 3600))
            throw new InvalidRequestException("timeoutSeconds must be between 0 and 3600.");
        await WithCameraAsync(deviceId, (camera, profile) => camera.ContinuousMoveAsync(profile, request.Pan, request.Tilt, request.Zoom,
            request.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct), ct);
    }

    public Task StopAsync(string deviceId, CancellationToken ct) =>
        WithCameraAsync(deviceId, (camera, profile) => camera.StopAsync(profile, ct), ct);

    private async Task WithCameraAsync(string deviceId, Func<OnvifDevice, string, Task> command, CancellationToken ct)
    {
        var device = configuration.Current.CurrentDevices().FirstOrDefault(d => d.Device.Id == deviceId)?.Device;
        if (device is null)
        {
            var known = configuration.Current.Devices.FirstOrDefault(d => d.Device.Id == deviceId);
            if (known is null) throw new NotFoundException($"'{deviceId}' is not a device of this server's configuration copy; ask its current recording server.");
            var current = known.Entries.FirstOrDefault(e => e.IsCurrent)?.RecordingServerId;
            throw new ConflictException($"'{settings.ServerId}' is not the current recording server of '{deviceId}'{(current is null ? "" : $"; '{current}' is")}: PTZ is relayed by the current one.");
        }
        if (!Uri.TryCreate(device.Address, UriKind.Absolute, out var address))
            throw new ConflictException($"Device '{deviceId}' has no ONVIF address (attach it through discovery, or register it with address = its device service URL).");
        var account = await credentials.GetAsync(device.CredentialsRef, ct);
        using var camera = new OnvifDevice(address, account is null ? null : new OnvifCredentials(account.UserName, account.Password));
        try
        {
            await camera.GetSystemDateAndTimeAsync(ct);
            var profile = (await camera.GetProfilesAsync(ct)).FirstOrDefault(p => p.HasPtz)
                ?? throw new ConflictException($"The camera of '{deviceId}' has no PTZ profile.");
            await command(camera, profile.Token);
        }
        catch (OnvifException e)
        {
            throw new UpstreamException($"The camera of '{deviceId}' refused or did not answer the PTZ command: {e.Message}");
        }
    }
}
