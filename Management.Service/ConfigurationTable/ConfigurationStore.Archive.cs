using Dapper;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>The rows of archiving servers: one non-current row per device and data type they hold segments of.</summary>
public sealed partial class ConfigurationStore
{
    /// <summary>
    /// Adds the non-current row (device, data type, archiving server, 0) that makes the device's
    /// recording servers see the archive as a holder (seed 000 FIG. 6B). Null, and nothing committed,
    /// when the row exists already (any current flag), or the device or the server is not registered
    /// (a device removed meanwhile: the archive's copy never names it, so it never confirms, and its
    /// copies go with its retention).
    /// </summary>
    public Task<Messages.ConfigurationChanged?> AddArchiveHolderRowAsync(string deviceId, string dataType, string archiveServerId, CancellationToken ct) =>
        ChangeIfNeededAsync(async (c, tx, change) =>
        {
            var args = new { DeviceId = deviceId, DataType = dataType, ServerId = archiveServerId };
            if (await FindServer(c, tx, archiveServerId, ct) is null) return false;
            var inserted = await c.ExecuteAsync(Cmd("""
                INSERT INTO configuration_table (device_id, data_type, recording_server_id, is_current)
                SELECT @DeviceId, @DataType, @ServerId, 0
                WHERE EXISTS (SELECT 1 FROM devices WHERE id = @DeviceId)
                  AND NOT EXISTS (SELECT 1 FROM configuration_table WHERE device_id = @DeviceId AND data_type = @DataType AND recording_server_id = @ServerId)
                """, args, tx, ct));
            if (inserted == 0) return false;
            await change.AddDeviceAsync(c, tx, deviceId, ct);
            return true;
        }, ct);
}
