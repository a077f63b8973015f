using System.Data.Common;
using Dapper;
using VmsServices.Hosting.Data;

namespace VmsServices.Management.Moves;

/// <summary>Thrown when a move's row changed since it was loaded; the message is retried on the new state.</summary>
public sealed class MoveConcurrencyException(string message) : Exception(message);

/// <summary>
/// The <c>moves</c> table, both dialects. Every write is optimistic: an update names the version
/// it read and fails (<see cref="MoveConcurrencyException"/>) when another writer came first; no
/// transaction is held while a message is handled (SQLite could not upgrade it after the
/// configuration table was written from another connection).
/// </summary>
public sealed class MoveStore(Database db, ManagementMetrics? metrics = null)
{
    /// <summary>Told of every committed move state (<see cref="MoveSagaRepositoryContext{TMessage}"/>).</summary>
    internal ManagementMetrics? Metrics => metrics;

    private const string Columns = """
        correlation_id AS CorrelationId, device_id AS DeviceId, from_recording_server_id AS FromRecordingServerId,
        to_recording_server_id AS ToRecordingServerId, state AS CurrentState, requested_by AS RequestedBy, reason AS Reason,
        failure AS Failure, version AS Version, created_utc_micros AS CreatedUtcMicros, updated_utc_micros AS UpdatedUtcMicros,
        deadline_utc_micros AS DeadlineUtcMicros, ended_utc_micros AS EndedUtcMicros, configuration_version AS ConfigurationVersion
        """;

    public Task<MoveState?> LoadAsync(Guid id, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
            (await c.QuerySingleOrDefaultAsync<MoveRow>(Cmd($"SELECT {Columns} FROM moves WHERE correlation_id = @Id", new { Id = Key(id) }, tx, ct)))?.ToState(), ct);

    /// <summary>Which of <paramref name="ids"/> are stored, in any state (primary-key look-ups, 500 per query).</summary>
    public Task<IReadOnlySet<Guid>> ListStoredAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlySet<Guid>>(async (c, tx) =>
        {
            var stored = new HashSet<Guid>();
            foreach (var chunk in ids.Chunk(500))
            {
                // Parameters spelled out: Dapper expands a list for SQLite but hands Npgsql an array.
                var args = new DynamicParameters();
                for (var i = 0; i < chunk.Length; i++) args.Add($"id{i}", Key(chunk[i]));
                var list = string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@id{i}"));
                foreach (var id in await c.QueryAsync<string>(Cmd($"SELECT correlation_id FROM moves WHERE correlation_id IN ({list})", args, tx, ct)))
                    stored.Add(Guid.Parse(id));
            }
            return stored;
        }, ct);

    /// <summary>The running move of a device, if any (at most one: ux_moves_running).</summary>
    public Task<MoveState?> FindRunningAsync(string deviceId, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
            (await c.QuerySingleOrDefaultAsync<MoveRow>(Cmd($"SELECT {Columns} FROM moves WHERE device_id = @deviceId AND state = 'Preparing'", new { deviceId }, tx, ct)))?.ToState(), ct);

    /// <summary>Every running move.</summary>
    public Task<IReadOnlyList<MoveState>> ListRunningAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<MoveState>>(async (c, tx) =>
            (await c.QueryAsync<MoveRow>(Cmd($"SELECT {Columns} FROM moves WHERE state = 'Preparing'", null, tx, ct))).Select(r => r.ToState()).ToList(), ct);

    /// <summary>Devices whose move completed at or after <paramref name="sinceUtcMicros"/>.</summary>
    public Task<IReadOnlySet<string>> ListMovedSinceAsync(long sinceUtcMicros, CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlySet<string>>(async (c, tx) =>
            (await c.QueryAsync<string>(Cmd(
                "SELECT DISTINCT device_id FROM moves WHERE state = 'Completed' AND ended_utc_micros >= @sinceUtcMicros",
                new { sinceUtcMicros }, tx, ct))).ToHashSet(StringComparer.Ordinal), ct);

    /// <summary>Moves, newest first, of one device or of all.</summary>
    public Task<IReadOnlyList<MoveState>> ListAsync(string? deviceId, int limit, CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<MoveState>>(async (c, tx) =>
            (await c.QueryAsync<MoveRow>(Cmd($"""
                SELECT {Columns} FROM moves WHERE @DeviceId IS NULL OR device_id = @DeviceId
                ORDER BY created_utc_micros DESC, correlation_id LIMIT @Limit
                """, new { DeviceId = deviceId, Limit = limit }, tx, ct))).Select(r => r.ToState()).ToList(), ct);

    /// <summary>Preparing moves whose deadline is at or before <paramref name="nowMicros"/>.</summary>
    public Task<IReadOnlyList<(Guid Id, long DeadlineUtcMicros)>> ListOverdueAsync(long nowMicros, CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<(Guid, long)>>(async (c, tx) =>
            (await c.QueryAsync<(string, long)>(Cmd("""
                SELECT correlation_id, deadline_utc_micros FROM moves
                WHERE state = 'Preparing' AND deadline_utc_micros <= @nowMicros ORDER BY deadline_utc_micros
                """, new { nowMicros }, tx, ct))).Select(r => (Guid.Parse(r.Item1), r.Item2)).ToList(), ct);

    /// <summary>Inserts a new move with version 1. A duplicate id, or a second running move of the device, is a concurrency failure.</summary>
    public async Task InsertAsync(MoveState move, CancellationToken ct)
    {
        try
        {
            await db.InTransactionAsync(async (c, tx) => await c.ExecuteAsync(Cmd("""
                INSERT INTO moves (correlation_id, device_id, from_recording_server_id, to_recording_server_id, state, requested_by,
                                   reason, failure, version, created_utc_micros, updated_utc_micros, deadline_utc_micros,
                                   ended_utc_micros, configuration_version)
                VALUES (@Id, @DeviceId, @FromRecordingServerId, @ToRecordingServerId, @CurrentState, @RequestedBy,
                        @Reason, @Failure, 1, @CreatedUtcMicros, @UpdatedUtcMicros, @DeadlineUtcMicros,
                        @EndedUtcMicros, @ConfigurationVersion)
                """, Args(move), tx, ct)), ct);
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            throw new MoveConcurrencyException($"Move {move.CorrelationId} or another running move of device '{move.DeviceId}' was stored concurrently.");
        }
        move.Version = 1;
    }

    /// <summary>Writes a move loaded at <see cref="MoveState.Version"/>, and bumps the version.</summary>
    public async Task UpdateAsync(MoveState move, CancellationToken ct)
    {
        int updated;
        try
        {
            updated = await db.InTransactionAsync((c, tx) => c.ExecuteAsync(Cmd("""
                UPDATE moves SET from_recording_server_id = @FromRecordingServerId, to_recording_server_id = @ToRecordingServerId,
                    state = @CurrentState, reason = @Reason, failure = @Failure, version = version + 1,
                    updated_utc_micros = @UpdatedUtcMicros, deadline_utc_micros = @DeadlineUtcMicros,
                    ended_utc_micros = @EndedUtcMicros, configuration_version = @ConfigurationVersion
                WHERE correlation_id = @Id AND version = @Version
                """, Args(move), tx, ct)), ct);
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            updated = 0;
        }
        if (updated == 0) throw new MoveConcurrencyException($"Move {move.CorrelationId} changed since version {move.Version} was read.");
        move.Version++;
    }

    /// <summary>
    /// Inside another transaction (the configuration table's): bumps the move's version if it is
    /// still the one read, so that change commits only for the handler that still owns the move.
    /// The caller adds one to <see cref="MoveState.Version"/> once that transaction committed.
    /// </summary>
    public static async Task ClaimAsync(DbConnection c, DbTransaction tx, MoveState move, CancellationToken ct)
    {
        var claimed = await c.ExecuteAsync(Cmd(
            "UPDATE moves SET version = version + 1 WHERE correlation_id = @Id AND version = @Version",
            new { Id = Key(move.CorrelationId), move.Version }, tx, ct));
        if (claimed == 0) throw new MoveConcurrencyException($"Move {move.CorrelationId} changed since version {move.Version} was read.");
    }

    private static string Key(Guid id) => id.ToString("D");

    private static object Args(MoveState m) => new
    {
        Id = Key(m.CorrelationId), m.DeviceId, m.FromRecordingServerId, m.ToRecordingServerId, m.CurrentState, m.RequestedBy,
        m.Reason, m.Failure, m.Version, m.CreatedUtcMicros, m.UpdatedUtcMicros, m.DeadlineUtcMicros, m.EndedUtcMicros, m.ConfigurationVersion,
    };

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) => new(sql, args, tx, cancellationToken: ct);

    private sealed class MoveRow
    {
        public string CorrelationId { get; set; } = "";
        public string DeviceId { get; set; } = "";
        public string FromRecordingServerId { get; set; } = "";
        public string ToRecordingServerId { get; set; } = "";
        public string CurrentState { get; set; } = "";
        public string RequestedBy { get; set; } = "";
        public string? Reason { get; set; }
        public string? Failure { get; set; }
        public long Version { get; set; }
        public long CreatedUtcMicros { get; set; }
        public long UpdatedUtcMicros { get; set; }
        public long? DeadlineUtcMicros { get; set; }
        public long? EndedUtcMicros { get; set; }
        public long? ConfigurationVersion { get; set; }

        public MoveState ToState() => new()
        {
            CorrelationId = Guid.Parse(CorrelationId), DeviceId = DeviceId, FromRecordingServerId = FromRecordingServerId,
            ToRecordingServerId = ToRecordingServerId, CurrentState = CurrentState, RequestedBy = RequestedBy, Reason = Reason,
            Failure = Failure, Version = checked((int)Version), CreatedUtcMicros = CreatedUtcMicros, UpdatedUtcMicros = UpdatedUtcMicros,
            DeadlineUtcMicros = DeadlineUtcMicros, EndedUtcMicros = EndedUtcMicros, ConfigurationVersion = ConfigurationVersion,
        };
    }
}
