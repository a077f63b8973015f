using System.Data;
using System.Data.Common;
using Dapper;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Management.History;
using VmsServices.Messages;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>
/// The master copy of the configuration table (seed 000 [0060], FIG. 6A/6B) and the registry of
/// recording servers and devices it refers to. Every change runs in one transaction that also
/// bumps the table's version and returns the <see cref="ConfigurationChanged"/> event describing
/// it, so what is published is exactly what was committed.
/// </summary>
public sealed partial class ConfigurationStore(Database db, TimeProvider clock)
{
    public Task MigrateAsync(CancellationToken ct) => MigrationRunner.MigrateAsync(db, ConfigurationSchema.Migrations, clock, ct);

    public Task<long> GetVersionAsync(CancellationToken ct) =>
        db.InTransactionAsync((c, tx) => ReadVersion(c, tx, ct), ct);

    public Task<IReadOnlyList<RecordingServerRecord>> ListServersAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<RecordingServerRecord>>(async (c, tx) =>
            (await c.QueryAsync<ServerRow>(Cmd($"SELECT {Sql.ServerColumns} FROM recording_servers ORDER BY id", null, tx, ct)))
                .Select(r => r.ToRecord()).ToList(), ct);

    public Task<RecordingServerRecord> GetServerAsync(string id, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) => (await FindServer(c, tx, id, ct))?.ToRecord()
            ?? throw new NotFoundException($"Recording server '{id}' is not registered."), ct);

    public Task<ConfigurationChanged> AddServerAsync(RecordingServerRecord server, CancellationToken ct) =>
        ChangeAsync(async (c, tx, change) =>
        {
            if (await FindServer(c, tx, server.Id, ct) is not null)
                throw new ConflictException($"Recording server '{server.Id}' is already registered.");
            await c.ExecuteAsync(Cmd("""
                INSERT INTO recording_servers (id, name, address, registered_utc_micros)
                VALUES (@Id, @Name, @Address, @Now)
                """, new { server.Id, server.Name, server.Address, Now = clock.Now() }, tx, ct));
            change.Servers.Add(server);
        }, ct);

    /// <summary>
    /// A recording server announced itself: register it if new, refresh its name and address if
    /// they changed. Returns null when nothing in the configuration changed.
    /// </summary>
    public async Task<ConfigurationChanged?> RegisterServerAsync(RecordingServerRecord server, CancellationToken ct)
    {
        var now = clock.Now();
        var known = await db.InTransactionAsync(async (c, tx) =>
        {
            var row = await FindServer(c, tx, server.Id, ct);
            if (row is not null)
                await c.ExecuteAsync(Cmd("UPDATE recording_servers SET last_seen_utc_micros = @Now WHERE id = @Id", new { server.Id, Now = now }, tx, ct));
            return row?.ToRecord();
        }, ct);
        if (known == server) return null;
        return await ChangeAsync(async (c, tx, change) =>
        {
            await c.ExecuteAsync(Cmd("""
                INSERT INTO recording_servers (id, name, address, registered_utc_micros, last_seen_utc_micros)
                VALUES (@Id, @Name, @Address, @Now, @Now)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, last_seen_utc_micros = excluded.last_seen_utc_micros
                """, new { server.Id, server.Name, server.Address, Now = now }, tx, ct));
            change.Servers.Add(server);
        }, ct);
    }

    public Task<ConfigurationChanged> RemoveServerAsync(string id, CancellationToken ct) =>
        ChangeAsync(async (c, tx, change) =>
        {
            if (await FindServer(c, tx, id, ct) is null)
                throw new NotFoundException($"Recording server '{id}' is not registered.");
            var rows = await c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM configuration_table WHERE recording_server_id = @id", new { id }, tx, ct));
            if (rows > 0)
                throw new ConflictException($"Recording server '{id}' still has {rows} configuration table row(s): move its devices away and let its recordings be retired first.");
            await c.ExecuteAsync(Cmd("DELETE FROM recording_servers WHERE id = @id", new { id }, tx, ct));
            change.RemovedServerIds.Add(id);
        }, ct);

    public Task<IReadOnlyList<DeviceConfiguration>> ListDevicesAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<DeviceConfiguration>>(IsolationLevel.RepeatableRead, async (c, tx) =>
        {
            var devices = await c.QueryAsync<DeviceRow>(Cmd($"SELECT {Sql.DeviceColumns} FROM devices ORDER BY id", null, tx, ct));
            var entries = await c.QueryAsync<EntryRow>(Cmd($"SELECT {Sql.EntryColumns} FROM configuration_table", null, tx, ct));
            return Join(devices, entries);
        }, ct);

    public Task<DeviceConfiguration> GetDeviceAsync(string id, CancellationToken ct) =>
        db.InTransactionAsync(IsolationLevel.RepeatableRead, async (c, tx) =>
            await ReadDevice(c, tx, id, ct) ?? throw new NotFoundException($"Device '{id}' is not registered."), ct);

    /// <summary>
    /// Registers a device and makes <paramref name="recordingServerId"/> its current recording server for
    /// each data type. <paramref name="placement"/> says who chose that server (see <see cref="Placements"/>).
    /// </summary>
    public Task<ConfigurationChanged> AddDeviceAsync(DeviceRecord device, IReadOnlyList<string> dataTypes, string recordingServerId, CancellationToken ct,
        string placement = Placements.Manual, string? hardwareId = null) =>
        ChangeAsync(async (c, tx, change) =>
        {
            if (await FindServer(c, tx, recordingServerId, ct) is null)
                throw new NotFoundException($"Recording server '{recordingServerId}' is not registered.");
            if (await ReadDevice(c, tx, device.Id, ct) is not null)
                throw new ConflictException($"Device '{device.Id}' is already registered.");
            await c.ExecuteAsync(Cmd("""
                INSERT INTO devices (id, name, stream_url, address, credentials_ref, added_utc_micros, placement, hardware_id)
                VALUES (@Id, @Name, @StreamUrl, @Address, @CredentialsRef, @Now, @placement, @hardwareId)
                """, new { device.Id, device.Name, device.StreamUrl, device.Address, device.CredentialsRef, Now = clock.Now(), placement, hardwareId }, tx, ct));
            foreach (var dataType in dataTypes)
            {
                await c.ExecuteAsync(Cmd("""
                    INSERT INTO configuration_table (device_id, data_type, recording_server_id, is_current)
                    VALUES (@DeviceId, @DataType, @ServerId, 1)
                    """, new { DeviceId = device.Id, DataType = dataType, ServerId = recordingServerId }, tx, ct));
            }
            await CameraHistoryStore.AppendAsync(c, tx, new CameraHistoryEntry(device.Id, clock.Now(), CameraHistoryKinds.Added, recordingServerId, Detail: placement), ct);
            await change.AddDeviceAsync(c, tx, device.Id, ct);
        }, ct);

    /// <summary>Unregisters a device and all its rows. Its recordings stay on disk until retention removes them.</summary>
    public Task<ConfigurationChanged> RemoveDeviceAsync(string id, CancellationToken ct) =>
        ChangeAsync(async (c, tx, change) =>
        {
            var existing = await ReadDevice(c, tx, id, ct) ?? throw new NotFoundException($"Device '{id}' is not registered.");
            await c.ExecuteAsync(Cmd("DELETE FROM devices WHERE id = @id", new { id }, tx, ct));
            await CameraHistoryStore.AppendAsync(c, tx, new CameraHistoryEntry(id, clock.Now(), CameraHistoryKinds.Removed, null), ct);
            change.RemovedDeviceIds.Add(id);
            foreach (var serverId in existing.Entries.Select(e => e.RecordingServerId).Distinct())
                change.Servers.Add((await FindServer(c, tx, serverId, ct))!.ToRecord());
        }, ct);

    /// <summary>The whole table, or the rows naming one recording server, with the version they reflect.</summary>
    public Task<(long Version, IReadOnlyList<ConfigurationEntry> Entries)> ReadTableAsync(string? recordingServerId, CancellationToken ct) =>
        db.InTransactionAsync<(long, IReadOnlyList<ConfigurationEntry>)>(IsolationLevel.RepeatableRead, async (c, tx) =>
        {
            var version = await ReadVersion(c, tx, ct);
            var rows = await c.QueryAsync<EntryRow>(Cmd($"""
                SELECT {Sql.EntryColumns} FROM configuration_table
                WHERE @ServerId IS NULL OR recording_server_id = @ServerId
                ORDER BY device_id, data_type, recording_server_id
                """, new { ServerId = recordingServerId }, tx, ct));
            return (version, rows.Select(r => r.ToEntry()).ToList());
        }, ct);

    /// <summary>
    /// The partial copy for one recording server (seed 000 [0066]); see <see cref="ConfigurationCopy"/>.
    /// With <paramref name="allServers"/> (an archiving server's copy) every registered server is listed.
    /// </summary>
    public Task<ConfigurationCopy> ReadCopyAsync(string recordingServerId, CancellationToken ct, bool allServers = false) =>
        db.InTransactionAsync(IsolationLevel.RepeatableRead, async (c, tx) =>
        {
            const string concerned = "SELECT device_id FROM configuration_table WHERE recording_server_id = @ServerId";
            var args = new { ServerId = recordingServerId };
            var version = await ReadVersion(c, tx, ct);
            var devices = await c.QueryAsync<DeviceRow>(Cmd($"SELECT {Sql.DeviceColumns} FROM devices WHERE id IN ({concerned}) ORDER BY id", args, tx, ct));
            var entries = await c.QueryAsync<EntryRow>(Cmd($"SELECT {Sql.EntryColumns} FROM configuration_table WHERE device_id IN ({concerned})", args, tx, ct));
            var servers = await c.QueryAsync<ServerRow>(Cmd($"""
                SELECT {Sql.ServerColumns} FROM recording_servers
                WHERE @AllServers OR id = @ServerId OR id IN (SELECT recording_server_id FROM configuration_table WHERE device_id IN ({concerned}))
                ORDER BY id
                """, new { args.ServerId, AllServers = allServers }, tx, ct));
            return new ConfigurationCopy(recordingServerId, version, Join(devices, entries), servers.Select(s => s.ToRecord()).ToList());
        }, ct);

    private async Task<ConfigurationChanged> ChangeAsync(Func<DbConnection, DbTransaction, ChangeBuilder, Task> work, CancellationToken ct)
    {
        try
        {
            return await db.InTransactionAsync(async (c, tx) =>
            {
                // Bumping the version first takes the row lock that serializes all configuration changes.
                var version = await c.ExecuteScalarAsync<long>(Cmd(
                    "UPDATE configuration_version SET version = version + 1 WHERE id = 1 RETURNING version", null, tx, ct));
                var change = new ChangeBuilder();
                await work(c, tx, change);
                return change.Build(version, clock.Now());
            }, ct);
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            // A concurrent request won the race for the same id.
            throw new ConflictException("A concurrent change registered the same id; reload and try again.");
        }
    }

    private static async Task<long> ReadVersion(DbConnection c, DbTransaction tx, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(Cmd("SELECT version FROM configuration_version WHERE id = 1", null, tx, ct));

    private static Task<ServerRow?> FindServer(DbConnection c, DbTransaction tx, string id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<ServerRow>(Cmd($"SELECT {Sql.ServerColumns} FROM recording_servers WHERE id = @id", new { id }, tx, ct));

    private static async Task<DeviceConfiguration?> ReadDevice(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        var device = await c.QuerySingleOrDefaultAsync<DeviceRow>(Cmd($"SELECT {Sql.DeviceColumns} FROM devices WHERE id = @id", new { id }, tx, ct));
        if (device is null) return null;
        var entries = await c.QueryAsync<EntryRow>(Cmd($"SELECT {Sql.EntryColumns} FROM configuration_table WHERE device_id = @id ORDER BY data_type, recording_server_id", new { id }, tx, ct));
        return new DeviceConfiguration(device.ToRecord(), entries.Select(e => e.ToEntry()).ToList());
    }

    private static List<DeviceConfiguration> Join(IEnumerable<DeviceRow> devices, IEnumerable<EntryRow> entries)
    {
        var byDevice = entries.Select(e => e.ToEntry()).ToLookup(e => e.DeviceId);
        return devices.Select(d => new DeviceConfiguration(d.ToRecord(),
            byDevice[d.Id].OrderBy(e => e.DataType, StringComparer.Ordinal).ThenBy(e => e.RecordingServerId, StringComparer.Ordinal).ToList())).ToList();
    }

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) =>
        new(sql, args, tx, cancellationToken: ct);

    /// <summary>Collects, inside the transaction, the full new state of what a change touched.</summary>
    private sealed class ChangeBuilder
    {
        private readonly List<DeviceConfiguration> _devices = [];
        public List<string> RemovedDeviceIds { get; } = [];
        public List<RecordingServerRecord> Servers { get; } = [];
        public List<string> RemovedServerIds { get; } = [];

        public async Task AddDeviceAsync(DbConnection c, DbTransaction tx, string deviceId, CancellationToken ct)
        {
            var device = (await ReadDevice(c, tx, deviceId, ct))!;
            _devices.Add(device);
            foreach (var serverId in device.Entries.Select(e => e.RecordingServerId).Distinct())
                if (Servers.All(s => s.Id != serverId))
                    Servers.Add((await FindServer(c, tx, serverId, ct))!.ToRecord());
        }

        public ConfigurationChanged Build(long version, long nowMicros) =>
            new(version, _devices, RemovedDeviceIds, Servers, RemovedServerIds, nowMicros);
    }
}
