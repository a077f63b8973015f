using Dapper;
using VmsServices.Hosting;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>A recording server's liveness state (see Failover.ServerStates).</summary>
public sealed record ServerState(string Id, string State);

/// <summary>A device's current recording server and how it was chosen (see Placements).</summary>
public sealed record DevicePlacement(string DeviceId, string RecordingServerId, string Placement);

/// <summary>Values of devices.placement.</summary>
public static class Placements
{
    /// <summary>An administrator chose the server: rebalancing never moves it (failover still does).</summary>
    public const string Manual = "manual";
    /// <summary>Chosen by load (attach, add without a server, failover, rebalancing): rebalancing may move it.</summary>
    public const string Automatic = "automatic";
}

/// <summary>What failover and rebalancing read and write: server states and device placements.</summary>
public sealed partial class ConfigurationStore
{
    public Task<IReadOnlyList<ServerState>> ListServerStatesAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<ServerState>>(async (c, tx) =>
            (await c.QueryAsync<ServerState>(Cmd("SELECT id AS Id, state AS State FROM recording_servers ORDER BY id", null, tx, ct))).ToList(), ct);

    /// <summary>Sets a server's state; false when it is not registered or already had that state.</summary>
    public Task<bool> SetServerStateAsync(string id, string state, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
            await c.ExecuteAsync(Cmd("UPDATE recording_servers SET state = @state WHERE id = @id AND state <> @state", new { id, state }, tx, ct)) > 0, ct);

    /// <summary>
    /// The current recording server of every device (one row per device: where its video goes, or
    /// its first data type's when it has no video).
    /// </summary>
    public Task<IReadOnlyList<DevicePlacement>> ListPlacementsAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<DevicePlacement>>(async (c, tx) =>
            (await c.QueryAsync<DevicePlacement>(Cmd("""
                SELECT d.id AS DeviceId, t.recording_server_id AS RecordingServerId, d.placement AS Placement
                FROM devices d JOIN configuration_table t ON t.device_id = d.id AND t.is_current = 1
                ORDER BY d.id, CASE WHEN t.data_type = 'video' THEN 0 ELSE 1 END, t.data_type
                """, null, tx, ct))).DistinctBy(p => p.DeviceId).ToList(), ct);
}
