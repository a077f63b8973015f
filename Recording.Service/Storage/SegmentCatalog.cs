using System.Data;
using System.Data.Common;
using Dapper;
using VmsServices.Hosting.Data;

namespace VmsServices.Recording.Storage;

/// <summary>A recording_files row: where the file is and the aggregates of its committed segments.</summary>
public sealed record RecordingFileRow(
    long Id,
    string DeviceId,
    string DataType,
    string RelativePath,
    long InitLengthBytes,
    long CreatedUtcMicros,
    long LengthBytes,
    long SegmentCount,
    long? FirstStartUtcMicros,
    long? LastEndUtcMicros,
    StorageVolume Volume = StorageVolume.Live);

/// <summary>
/// The SQL of the segment catalog (seed 000 [0041]: the database attached to the recording
/// server), kept on the media volume so files and catalog are lost or kept together. SQLite only:
/// the catalog is local to one server by design. All SQL is parameterized; the only interpolated
/// values are constant column lists.
/// </summary>
public sealed class SegmentCatalog(Database db, TimeProvider clock)
{
    // segments is WITHOUT ROWID: rows are stored in primary-key order, so "segments of a device in a
    // time range" reads contiguous pages. recording_files carries aggregates of its segments (kept in
    // the same transaction as each segment insert) so retention and statistics never scan segments.
    // AUTOINCREMENT makes SQLite remember the highest file id ever used (sqlite_sequence): a file id
    // is never reused after retention, so a stale SegmentInfo cannot point into a newer file.
    private static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "segment catalog", """
            CREATE TABLE recording_files (id INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, data_type TEXT NOT NULL,
                relative_path TEXT NOT NULL UNIQUE, init_length_bytes BIGINT NOT NULL, created_utc_micros BIGINT NOT NULL,
                length_bytes BIGINT NOT NULL, segment_count BIGINT NOT NULL, first_start_utc_micros BIGINT NULL, last_end_utc_micros BIGINT NULL);
            CREATE INDEX recording_files_by_device ON recording_files (device_id, data_type, id);
            CREATE TABLE segments (device_id TEXT NOT NULL, data_type TEXT NOT NULL, start_utc_micros BIGINT NOT NULL, end_utc_micros BIGINT NOT NULL,
                file_id INTEGER NOT NULL REFERENCES recording_files (id), offset_bytes BIGINT NOT NULL, length_bytes BIGINT NOT NULL, flags INTEGER NOT NULL,
                PRIMARY KEY (device_id, data_type, start_utc_micros), CHECK (end_utc_micros > start_utc_micros)) WITHOUT ROWID;
            CREATE INDEX segments_by_file ON segments (file_id, offset_bytes);
            """),
        // Storage tiers: which volume holds the file. Existing catalogs default to the live volume,
        // where every file was before tiers existed.
        new(2, "recording file volume", "ALTER TABLE recording_files ADD COLUMN volume INTEGER NOT NULL DEFAULT 0;"),
    ];

    /// <summary>
    /// The longest segment accepted. Bounding it turns "segments overlapping [from, to)" into a
    /// primary-key range scan bounded on both sides (start in [from - max, to)) instead of a scan of
    /// every older (or newer) segment. A fragment is held in memory whole, so real ones are seconds long.
    /// </summary>
    public const long MaxSegmentDurationMicros = 10L * 60 * 1_000_000;

    internal const string SegmentColumns = "device_id AS DeviceId, data_type AS DataType, start_utc_micros AS StartUtcMicros, end_utc_micros AS EndUtcMicros, file_id AS FileId, offset_bytes AS OffsetBytes, length_bytes AS LengthBytes, flags AS Flags";
    private const string FileColumns = "id AS Id, device_id AS DeviceId, data_type AS DataType, relative_path AS RelativePath, init_length_bytes AS InitLengthBytes, created_utc_micros AS CreatedUtcMicros, length_bytes AS LengthBytes, segment_count AS SegmentCount, first_start_utc_micros AS FirstStartUtcMicros, last_end_utc_micros AS LastEndUtcMicros, volume AS Volume";

    internal const string OverlapSql =
        $"SELECT {SegmentColumns} FROM segments WHERE device_id = @deviceId AND data_type = @dataType AND start_utc_micros >= @lowest AND start_utc_micros < @to AND end_utc_micros > @from ORDER BY start_utc_micros LIMIT @limit";

    public Database Database => db;

    public Task MigrateAsync(CancellationToken ct) => MigrationRunner.MigrateAsync(db, Migrations, clock, ct);

    public async Task<IReadOnlyList<SegmentInfo>> ListAsync(string deviceId, string dataType, long from, long to, CancellationToken ct, int limit = int.MaxValue) =>
        (await QueryAsync<SegmentRow>(OverlapSql, new { deviceId, dataType, from, to, lowest = SaturatingSubtract(from, MaxSegmentDurationMicros), limit }, ct))
            .Select(r => r.ToInfo()).ToList();

    public async Task<SegmentInfo?> LastAsync(string deviceId, string dataType, CancellationToken ct) =>
        (await QueryAsync<SegmentRow>($"SELECT {SegmentColumns} FROM segments WHERE device_id = @deviceId AND data_type = @dataType ORDER BY start_utc_micros DESC LIMIT 1",
            new { deviceId, dataType }, ct)).SingleOrDefault()?.ToInfo();

    public async Task<SegmentInfo?> FindAsync(string deviceId, string dataType, long startUtcMicros, CancellationToken ct) =>
        (await QueryAsync<SegmentRow>($"SELECT {SegmentColumns} FROM segments WHERE device_id = @deviceId AND data_type = @dataType AND start_utc_micros = @startUtcMicros",
            new { deviceId, dataType, startUtcMicros }, ct)).SingleOrDefault()?.ToInfo();

    public Task<IReadOnlyList<RecordingFileRow>> ListFilesAsync(CancellationToken ct) =>
        QueryAsync<RecordingFileRow>($"SELECT {FileColumns} FROM recording_files ORDER BY id", null, ct);

    // Read through a settable class: with no row at all SQLite types the aggregate columns as blobs,
    // and Dapper then finds no constructor of the record to match them.
    public async Task<IReadOnlyList<DeviceStorageStats>> StatsAsync(CancellationToken ct) =>
        (await QueryAsync<StatsRow>("""
            SELECT device_id AS DeviceId, data_type AS DataType, CAST(SUM(segment_count) AS INTEGER) AS SegmentCount,
                   CAST(SUM(length_bytes) AS INTEGER) AS SizeBytes,
                   CAST(MIN(first_start_utc_micros) AS INTEGER) AS OldestUtcMicros, CAST(MAX(last_end_utc_micros) AS INTEGER) AS NewestUtcMicros
            FROM recording_files GROUP BY device_id, data_type HAVING SUM(segment_count) > 0 ORDER BY device_id, data_type
            """, null, ct)).Select(r => new DeviceStorageStats(r.DeviceId, r.DataType, r.SegmentCount, r.SizeBytes, r.OldestUtcMicros, r.NewestUtcMicros)).ToList();

    /// <summary>End of the last committed segment of a file (the index on (file_id, offset_bytes) makes it one lookup), or null.</summary>
    public async Task<long?> CommittedEndAsync(long fileId, CancellationToken ct) =>
        (await QueryAsync<long?>("SELECT offset_bytes + length_bytes FROM segments WHERE file_id = @fileId ORDER BY offset_bytes DESC LIMIT 1", new { fileId }, ct)).SingleOrDefault();

    public Task<long> HighestFileIdAsync(CancellationToken ct) =>
        InTransactionAsync((c, tx) => c.ExecuteScalarAsync<long>(Cmd("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'recording_files'), 0)", null, tx, ct)), ct);

    // ---- writes: run inside a transaction supplied by the caller (the CatalogWriter batches them) ----

    internal static Task InsertFileAsync(DbConnection c, DbTransaction tx, RecordingFileRow f, CancellationToken ct) =>
        c.ExecuteAsync(Cmd("""
            INSERT INTO recording_files (id, device_id, data_type, relative_path, init_length_bytes, created_utc_micros, length_bytes, segment_count)
            VALUES (@Id, @DeviceId, @DataType, @RelativePath, @InitLengthBytes, @CreatedUtcMicros, @LengthBytes, 0)
            """, f, tx, ct));

    internal static Task InsertSegmentAsync(DbConnection c, DbTransaction tx, SegmentInfo s, CancellationToken ct) =>
        c.ExecuteAsync(Cmd("""
            INSERT INTO segments (device_id, data_type, start_utc_micros, end_utc_micros, file_id, offset_bytes, length_bytes, flags)
            VALUES (@DeviceId, @DataType, @StartUtcMicros, @EndUtcMicros, @FileId, @OffsetBytes, @LengthBytes, @Flags);
            UPDATE recording_files SET length_bytes = MAX(length_bytes, @OffsetBytes + @LengthBytes), segment_count = segment_count + 1,
                first_start_utc_micros = MIN(COALESCE(first_start_utc_micros, @StartUtcMicros), @StartUtcMicros),
                last_end_utc_micros = MAX(COALESCE(last_end_utc_micros, @EndUtcMicros), @EndUtcMicros)
            WHERE id = @FileId;
            """, new { s.DeviceId, s.DataType, s.StartUtcMicros, s.EndUtcMicros, s.FileId, s.OffsetBytes, s.LengthBytes, Flags = (int)s.Flags }, tx, ct));

    /// <summary>
    /// The one catalog step of a tier move: the file is on <paramref name="to"/> from this commit on.
    /// Conditional on the file still being on <paramref name="from"/>, so a file deleted (or moved)
    /// meanwhile is not resurrected; returns whether the row switched.
    /// </summary>
    internal static async Task<bool> SwitchVolumeAsync(DbConnection c, DbTransaction tx, long fileId, StorageVolume from, StorageVolume to, CancellationToken ct) =>
        await c.ExecuteAsync(Cmd("UPDATE recording_files SET volume = @to WHERE id = @fileId AND volume = @from",
            new { fileId, from = (long)from, to = (long)to }, tx, ct)) == 1;

    /// <summary>Deletes a file's rows (segments first: the foreign key) and returns the segments it held.</summary>
    internal static async Task<IReadOnlyList<SegmentInfo>> DeleteFileRowsAsync(DbConnection c, DbTransaction tx, long fileId, CancellationToken ct)
    {
        var segments = (await c.QueryAsync<SegmentRow>(Cmd($"SELECT {SegmentColumns} FROM segments WHERE file_id = @fileId ORDER BY offset_bytes", new { fileId }, tx, ct)))
            .Select(r => r.ToInfo()).ToList();
        await c.ExecuteAsync(Cmd("DELETE FROM segments WHERE file_id = @fileId; DELETE FROM recording_files WHERE id = @fileId", new { fileId }, tx, ct));
        return segments;
    }

    internal static async Task<bool> HoldsAnyAsync(DbConnection c, DbTransaction tx, string deviceId, string dataType, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM (SELECT 1 FROM segments WHERE device_id = @deviceId AND data_type = @dataType LIMIT 1)",
            new { deviceId, dataType }, tx, ct)) > 0;

    /// <summary>Reconciliation after lost bytes: drops segments past the file's real length and recomputes the aggregates.</summary>
    internal static async Task DropSegmentsBeyondAsync(DbConnection c, DbTransaction tx, long fileId, long fileLengthBytes, CancellationToken ct)
    {
        await c.ExecuteAsync(Cmd("DELETE FROM segments WHERE file_id = @fileId AND offset_bytes + length_bytes > @fileLengthBytes", new { fileId, fileLengthBytes }, tx, ct));
        await RecomputeFileAsync(c, tx, fileId, ct);
    }

    /// <summary>Deletes one segment's row (a segment an archiving server took) and returns it, or null if none starts there.</summary>
    internal static async Task<SegmentInfo?> DeleteSegmentAsync(DbConnection c, DbTransaction tx, string deviceId, string dataType, long startUtcMicros, CancellationToken ct) =>
        (await c.QuerySingleOrDefaultAsync<SegmentRow>(Cmd($"""
            DELETE FROM segments WHERE device_id = @deviceId AND data_type = @dataType AND start_utc_micros = @startUtcMicros
            RETURNING {SegmentColumns}
            """, new { deviceId, dataType, startUtcMicros }, tx, ct)))?.ToInfo();

    /// <summary>Recomputes a file's aggregates from its remaining segments (through segments_by_file), after segments went.</summary>
    internal static Task RecomputeFileAsync(DbConnection c, DbTransaction tx, long fileId, CancellationToken ct) =>
        c.ExecuteAsync(Cmd("""
            UPDATE recording_files SET
                segment_count = (SELECT COUNT(*) FROM segments WHERE file_id = @fileId),
                length_bytes = COALESCE((SELECT MAX(offset_bytes + length_bytes) FROM segments WHERE file_id = @fileId), init_length_bytes),
                first_start_utc_micros = (SELECT MIN(start_utc_micros) FROM segments WHERE file_id = @fileId),
                last_end_utc_micros = (SELECT MAX(end_utc_micros) FROM segments WHERE file_id = @fileId)
            WHERE id = @fileId;
            """, new { fileId }, tx, ct));

    /// <summary>Count, fragment bytes, oldest start and newest end of the segments of a device and data type that ended by <paramref name="endUtcMicros"/> (a primary-key range scan).</summary>
    public async Task<TierStats> StatsEndingByAsync(string deviceId, string dataType, long endUtcMicros, CancellationToken ct)
    {
        var row = (await QueryAsync<(long Count, long? Bytes, long? Oldest, long? Newest)>("""
            SELECT COUNT(*), SUM(length_bytes), MIN(start_utc_micros), MAX(end_utc_micros) FROM segments
            WHERE device_id = @deviceId AND data_type = @dataType AND start_utc_micros < @endUtcMicros AND end_utc_micros <= @endUtcMicros
            """, new { deviceId, dataType, endUtcMicros }, ct)).Single();
        return new TierStats(row.Count, row.Bytes ?? 0, row.Oldest, row.Newest);
    }

    /// <summary>BEGIN IMMEDIATE (Serializable in Microsoft.Data.Sqlite): takes the write lock up front, so a read-then-write transaction cannot deadlock with another writer.</summary>
    internal Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        db.InTransactionAsync(IsolationLevel.Serializable, work, ct);

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }

    internal static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) => new(sql, args, tx, cancellationToken: ct);

    /// <summary>How Dapper reads a segments row (SQLite hands back flags as an integer, not the enum).</summary>
    private sealed record SegmentRow(string DeviceId, string DataType, long StartUtcMicros, long EndUtcMicros, long FileId, long OffsetBytes, long LengthBytes, long Flags)
    {
        public SegmentInfo ToInfo() => new(DeviceId, DataType, StartUtcMicros, EndUtcMicros, FileId, OffsetBytes, LengthBytes, (SegmentFlags)Flags);
    }

    private sealed class StatsRow
    {
        public string DeviceId { get; set; } = "";
        public string DataType { get; set; } = "";
        public long SegmentCount { get; set; }
        public long SizeBytes { get; set; }
        public long? OldestUtcMicros { get; set; }
        public long? NewestUtcMicros { get; set; }
    }

    private static long SaturatingSubtract(long a, long b) => a < long.MinValue + b ? long.MinValue : a - b;
}
