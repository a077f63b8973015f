using System.Data.Common;
using Dapper;
using VmsServices.Hosting.Data;
using VmsServices.Messages;

namespace VmsServices.Recording.Configuration;

/// <summary>
/// The local copy of the configuration table, kept in the database attached to the recording
/// server (seed 000 step 304) so the server keeps working while the management server is down.
/// The copy is small (the devices of one server), so it is replaced whole in one transaction:
/// after a crash it is either the old copy or the new one, never a mix.
/// </summary>
public sealed class ConfigurationCopyStore(Database db, TimeProvider clock)
{
    private static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "configuration copy", """
            CREATE TABLE copy_meta (id INTEGER PRIMARY KEY CHECK (id = 1), recording_server_id TEXT NOT NULL, version BIGINT NOT NULL);
            CREATE TABLE copy_devices (id TEXT PRIMARY KEY, name TEXT NOT NULL, stream_url TEXT NOT NULL, address TEXT NULL, credentials_ref TEXT NULL);
            CREATE TABLE copy_entries (device_id TEXT NOT NULL, data_type TEXT NOT NULL, recording_server_id TEXT NOT NULL, is_current INTEGER NOT NULL,
                PRIMARY KEY (device_id, data_type, recording_server_id));
            CREATE TABLE copy_servers (id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL);
            """),
    ];

    public Task MigrateAsync(CancellationToken ct) => MigrationRunner.MigrateAsync(db, Migrations, clock, ct);

    /// <summary>The stored copy, or null if this server never received one (or it was another server's).</summary>
    public Task<ConfigurationCopy?> LoadAsync(string serverId, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var version = await c.QuerySingleOrDefaultAsync<long?>(Cmd("SELECT version FROM copy_meta WHERE id = 1 AND recording_server_id = @serverId", new { serverId }, tx, ct));
            if (version is null) return null;
            var devices = await c.QueryAsync<(string Id, string Name, string StreamUrl, string? Address, string? CredentialsRef)>(
                Cmd("SELECT id, name, stream_url, address, credentials_ref FROM copy_devices ORDER BY id", null, tx, ct));
            var entries = (await c.QueryAsync<(string DeviceId, string DataType, string ServerId, long IsCurrent)>(
                    Cmd("SELECT device_id, data_type, recording_server_id, is_current FROM copy_entries ORDER BY device_id, data_type, recording_server_id", null, tx, ct)))
                .Select(e => new ConfigurationEntry(e.DeviceId, e.DataType, e.ServerId, e.IsCurrent == 1))
                .ToLookup(e => e.DeviceId);
            var servers = await c.QueryAsync<(string Id, string Name, string Address)>(Cmd("SELECT id, name, address FROM copy_servers ORDER BY id", null, tx, ct));
            return new ConfigurationCopy(
                serverId,
                version.Value,
                devices.Select(d => new DeviceConfiguration(new DeviceRecord(d.Id, d.Name, d.StreamUrl, d.Address, d.CredentialsRef), entries[d.Id].ToList())).ToList(),
                servers.Select(s => new RecordingServerRecord(s.Id, s.Name, s.Address)).ToList());
        }, ct);

    public Task SaveAsync(ConfigurationCopy copy, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            foreach (var table in new[] { "copy_meta", "copy_devices", "copy_entries", "copy_servers" })
                await c.ExecuteAsync(Cmd($"DELETE FROM {table}", null, tx, ct));
            await c.ExecuteAsync(Cmd("INSERT INTO copy_meta (id, recording_server_id, version) VALUES (1, @RecordingServerId, @Version)", copy, tx, ct));
            await c.ExecuteAsync(Cmd("INSERT INTO copy_devices (id, name, stream_url, address, credentials_ref) VALUES (@Id, @Name, @StreamUrl, @Address, @CredentialsRef)",
                copy.Devices.Select(d => d.Device), tx, ct));
            await c.ExecuteAsync(Cmd("INSERT INTO copy_entries (device_id, data_type, recording_server_id, is_current) VALUES (@DeviceId, @DataType, @RecordingServerId, @IsCurrent)",
                copy.Devices.SelectMany(d => d.Entries).Select(e => new { e.DeviceId, e.DataType, e.RecordingServerId, IsCurrent = e.IsCurrent ? 1 : 0 }), tx, ct));
            await c.ExecuteAsync(Cmd("INSERT INTO copy_servers (id, name, address) VALUES (@Id, @Name, @Address)", copy.Servers, tx, ct));
            return 0;
        }, ct);

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) => new(sql, args, tx, cancellationToken: ct);
}
