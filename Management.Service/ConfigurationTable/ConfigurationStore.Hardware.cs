using Dapper;
using VmsServices.Hosting;
using VmsServices.Messages;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>Devices by hardware identity (an ONVIF endpoint reference): a camera found again is the same device.</summary>
public sealed partial class ConfigurationStore
{
    public Task<string?> FindDeviceByHardwareIdAsync(string hardwareId, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
            await c.QuerySingleOrDefaultAsync<string?>(Cmd("SELECT id FROM devices WHERE hardware_id = @hardwareId", new { hardwareId }, tx, ct)), ct);

    /// <summary>
    /// A known camera reappeared at another address: its stream URL and ONVIF address change, its id,
    /// rows and history stay (seed 001: its history is merged, not lost). Null when nothing changed.
    /// </summary>
    public Task<ConfigurationChanged?> UpdateDeviceEndpointAsync(string deviceId, string streamUrl, string? address, CancellationToken ct) =>
        ChangeIfNeededAsync(async (c, tx, change) =>
        {
            var updated = await c.ExecuteAsync(Cmd("""
                UPDATE devices SET stream_url = @streamUrl, address = @address
                WHERE id = @deviceId AND (stream_url <> @streamUrl OR address IS NULL OR address <> @address)
                """, new { deviceId, streamUrl, address }, tx, ct));
            if (updated == 0)
            {
                if (await ReadDevice(c, tx, deviceId, ct) is null) throw new NotFoundException($"Device '{deviceId}' is not registered.");
                return false;
            }
            await change.AddDeviceAsync(c, tx, deviceId, ct);
            return true;
        }, ct);
}
