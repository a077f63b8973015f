using System.Data.Common;
using Dapper;
using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;

namespace VmsServices.Management.History;

/// <summary>
/// The camera history table (seed 001 table 3), kept by the management server for every camera: an
/// append-only log of assignments, moves and availability changes, from which the current and previous
/// owners are derived. Assignments and moves are appended in the same transaction as the configuration
/// table change they record (<see cref="AppendAsync"/>), so the log and the table never disagree.
/// </summary>
public sealed class CameraHistoryStore(Database db)
{
    public const string Unknown = "unknown";
    public const string Indirect = "indirect";

    public static Task AppendAsync(DbConnection c, DbTransaction tx, CameraHistoryEntry e, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO camera_history (id, device_id, at_utc_micros, kind, recording_server_id, from_recording_server_id, detail)
            VALUES (@Id, @DeviceId, @AtUtcMicros, @Kind, @RecordingServerId, @FromRecordingServerId, @Detail)
            """, new { Id = NewId.NextSequentialGuid().ToString("D"), e.DeviceId, e.AtUtcMicros, e.Kind, e.RecordingServerId, e.FromRecordingServerId, e.Detail },
            tx, cancellationToken: ct));

    /// <summary>
    /// A recording server reports the camera online or offline. Recorded only when it is the camera's
    /// current server and the state changes, so duplicates and late reports from a previous owner change
    /// nothing. Returns whether it was recorded.
    /// </summary>
    public Task<bool> RecordAvailabilityAsync(string deviceId, string recordingServerId, bool online, long atUtcMicros, string? detail, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var state = online ? CameraHistoryKinds.Online : CameraHistoryKinds.Offline;
            var updated = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE devices SET state = @state
                WHERE id = @deviceId AND state <> @state
                  AND EXISTS (SELECT 1 FROM configuration_table t
                              WHERE t.device_id = @deviceId AND t.recording_server_id = @recordingServerId AND t.is_current = 1)
                """, new { deviceId, recordingServerId, state }, tx, cancellationToken: ct));
            if (updated == 0) return false;
            await AppendAsync(c, tx, new CameraHistoryEntry(deviceId, atUtcMicros, state, recordingServerId, Detail: detail), ct);
            return true;
        }, ct);

    /// <summary>The history of a camera, known or removed; NotFoundException when nothing was ever recorded of it.</summary>
    public Task<CameraHistory> ReadAsync(string deviceId, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var entries = (await c.QueryAsync<CameraHistoryEntry>(new CommandDefinition("""
                SELECT device_id AS DeviceId, at_utc_micros AS AtUtcMicros, kind AS Kind, recording_server_id AS RecordingServerId,
                       from_recording_server_id AS FromRecordingServerId, detail AS Detail
                FROM camera_history WHERE device_id = @deviceId ORDER BY at_utc_micros, id
                """, new { deviceId }, tx, cancellationToken: ct))).ToList();
            var state = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT state FROM devices WHERE id = @deviceId", new { deviceId }, tx, cancellationToken: ct));
            if (entries.Count == 0 && state is null) throw new NotFoundException($"Device '{deviceId}' is not registered and has no history.");
            return Fold(deviceId, state ?? CameraHistoryKinds.Removed, entries);
        }, ct);

    /// <summary>Derives the owners from the log: each assignment or move opens a stretch and closes the previous one.</summary>
    internal static CameraHistory Fold(string deviceId, string state, IReadOnlyList<CameraHistoryEntry> entries)
    {
        var stretches = new List<(string Server, long Since, long? Until)>();
        foreach (var e in entries)
        {
            if (e.Kind is not (CameraHistoryKinds.Added or CameraHistoryKinds.Moved or CameraHistoryKinds.Removed)) continue;
            if (stretches.Count > 0 && stretches[^1].Until is null) stretches[^1] = stretches[^1] with { Until = e.AtUtcMicros };
            if (e.Kind != CameraHistoryKinds.Removed && e.RecordingServerId is not null) stretches.Add((e.RecordingServerId, e.AtUtcMicros, null));
        }
        var current = stretches.Count > 0 && stretches[^1].Until is null ? stretches[^1].Server : null;
        var previous = stretches.Where(s => s.Until is not null)
            .Select(s => new CameraOwner(s.Server, s.Since, s.Until, Indirect))
            .Reverse().ToList();
        return new CameraHistory(deviceId, state, current, previous, entries);
    }
}
