using System.Data.Common;
using Dapper;
using VmsServices.Hosting;
using VmsServices.Management.History;
using VmsServices.Messages;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>Changing the current recording server of a device (seed 000 FIG. 6B, [0104]-[0106]) and retiring rows ([0081]).</summary>
public sealed partial class ConfigurationStore
{
    /// <summary>
    /// Makes <paramref name="toServerId"/> the current recording server of every data type of a
    /// device, in one transaction: the current row(s) become non-current and are kept (the old
    /// server still holds segments), and the target's row is added as current, or flipped back to
    /// current if the device had been moved away from it before. <paramref name="inSameTransaction"/>
    /// runs inside that transaction (the move saga claims its row there, so the table changes only
    /// for the move that still owns the device). Returns null, with nothing written and no version
    /// bump, when the target already is current for every data type. The camera history gains the move,
    /// with <paramref name="reason"/> (who or what moved it), in the same transaction, and the device's
    /// placement becomes <paramref name="placement"/> when one is given.
    /// </summary>
    public Task<ConfigurationChanged?> MoveDeviceAsync(
        string deviceId,
        string toServerId,
        Func<DbConnection, DbTransaction, CancellationToken, Task>? inSameTransaction,
        CancellationToken ct,
        string? reason = null,
        string? placement = null) =>
        ChangeIfNeededAsync(async (c, tx, change) =>
        {
            if (await ReadDevice(c, tx, deviceId, ct) is not { } device)
                throw new NotFoundException($"Device '{deviceId}' is not registered.");
            if (await FindServer(c, tx, toServerId, ct) is null)
                throw new NotFoundException($"Recording server '{toServerId}' is not registered.");
            var changed = false;
            foreach (var dataType in device.Entries.Select(e => e.DataType).Distinct())
            {
                var target = device.Entries.SingleOrDefault(e => e.DataType == dataType && e.RecordingServerId == toServerId);
                if (target is { IsCurrent: true }) continue;
                var args = new { DeviceId = deviceId, DataType = dataType, ServerId = toServerId };
                // Demote first: at most one current row per device and data type (ux_configuration_table_current).
                await c.ExecuteAsync(Cmd("""
                    UPDATE configuration_table SET is_current = 0
                    WHERE device_id = @DeviceId AND data_type = @DataType AND is_current = 1
                    """, args, tx, ct));
                await c.ExecuteAsync(Cmd(target is null
                    ? "INSERT INTO configuration_table (device_id, data_type, recording_server_id, is_current) VALUES (@DeviceId, @DataType, @ServerId, 1)"
                    : "UPDATE configuration_table SET is_current = 1 WHERE device_id = @DeviceId AND data_type = @DataType AND recording_server_id = @ServerId",
                    args, tx, ct));
                changed = true;
            }
            if (!changed) return false;
            if (inSameTransaction is not null) await inSameTransaction(c, tx, ct);
            var from = device.Entries.Where(e => e.IsCurrent).Select(e => e.RecordingServerId).FirstOrDefault();
            if (placement is not null)
                await c.ExecuteAsync(Cmd("UPDATE devices SET placement = @placement WHERE id = @deviceId", new { placement, deviceId }, tx, ct));
            await CameraHistoryStore.AppendAsync(c, tx, new CameraHistoryEntry(deviceId, clock.Now(), CameraHistoryKinds.Moved, toServerId, from, reason), ct);
            await change.AddDeviceAsync(c, tx, deviceId, ct);
            return true;
        }, ct);

    /// <summary>
    /// A recording server holds no more segments of a device's data type (seed 000 [0081]): its row
    /// goes if it is non-current. A current row stays (the server records again soon), and a row
    /// that is already gone changes nothing; both return null without a version bump.
    /// </summary>
    public Task<ConfigurationChanged?> RetireRowAsync(string deviceId, string dataType, string recordingServerId, CancellationToken ct) =>
        ChangeIfNeededAsync(async (c, tx, change) =>
        {
            var args = new { DeviceId = deviceId, DataType = dataType, ServerId = recordingServerId };
            var deleted = await c.ExecuteAsync(Cmd("""
                DELETE FROM configuration_table
                WHERE device_id = @DeviceId AND data_type = @DataType AND recording_server_id = @ServerId AND is_current = 0
                """, args, tx, ct));
            if (deleted == 0) return false;
            await change.AddDeviceAsync(c, tx, deviceId, ct);
            // The retired server is no longer named by the device's rows; it is listed so its copy
            // (and every peer's) sees which server the change concerned.
            if (change.Servers.All(s => s.Id != recordingServerId) && await FindServer(c, tx, recordingServerId, ct) is { } server)
                change.Servers.Add(server.ToRecord());
            return true;
        }, ct);

    /// <summary>As ChangeAsync, but <paramref name="work"/> may find nothing to do: then nothing is committed and the result is null.</summary>
    private async Task<ConfigurationChanged?> ChangeIfNeededAsync(Func<DbConnection, DbTransaction, ChangeBuilder, Task<bool>> work, CancellationToken ct)
    {
        try
        {
            return await ChangeAsync(async (c, tx, change) =>
            {
                if (!await work(c, tx, change)) throw new NothingToChange();
            }, ct);
        }
        catch (NothingToChange)
        {
            // The transaction was rolled back, version bump included.
            return null;
        }
    }

    private sealed class NothingToChange : Exception;
}
