using System.Collections.Concurrent;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;

namespace VmsServices.Recording.Storage;

/// <summary>
/// The segment store of one recording server (seed 000 [0041]): fragmented-MP4 recording files
/// under <c>media/</c> plus the SQLite catalog, both on the live media volume, and optionally an
/// archive volume that closed, old files move to (<see cref="MediaLayout"/>, SegmentStore.Archive.cs).
/// Call <see cref="InitializeAsync"/> once before anything else: it migrates the catalog and
/// reconciles it with the files after a crash. Crash safety: see <see cref="RecordingFileWriter"/>.
/// </summary>
public sealed partial class SegmentStore : ISegmentStore, IAsyncDisposable
{
    /// <summary>
    /// Guidance for the recorder, which decides when to roll files: start a new file every hour of
    /// recording (or per recording session), and before a file would pass this size. Smaller files
    /// make retention finer (it deletes whole files); bigger ones mean fewer files on the volume.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;
    public static readonly TimeSpan MaxFileDuration = TimeSpan.FromHours(1);

    private readonly ILogger<SegmentStore> _log;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<long, FileEntry> _files = new();
    private readonly ConcurrentDictionary<long, byte> _openForWriting = new(); // the writer registry: retention never deletes these
    private readonly Lock _directories = new(); // creating a file vs. removing an empty date directory
    private CatalogWriter? _writer;
    private long _lastFileId;

    public SegmentStore(string dataDirectory, ILogger<SegmentStore> log, TimeProvider clock, string? archiveDirectory = null)
    {
        _log = log;
        _clock = clock;
        Layout = new MediaLayout(dataDirectory, archiveDirectory);
        Directory.CreateDirectory(Layout.DataDirectory); // before SqliteDialect opens catalog.db in it
        Catalog = new SegmentCatalog(new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = Layout.CatalogPath })), clock);
    }

    public MediaLayout Layout { get; }
    public SegmentCatalog Catalog { get; }

    /// <summary>Appended segments leave the page cache once durable (<see cref="RecordingSettings.DropWrittenPages"/>).</summary>
    public bool DropWrittenPages { get; init; }

    /// <summary>Test seam: wraps the stream fragments are written through (e.g. to fail with ENOSPC after N bytes).</summary>
    internal Func<FileStream, Stream>? AppendStreamWrapper { get; set; }

    public event Action<SegmentInfo>? SegmentCommitted;

    /// <summary>Catalog transactions committed and rows (work items) they carried: how well group commit batches.</summary>
    public (long Transactions, long Items) CommitCounters => Writer.Counters;

    private CatalogWriter Writer => _writer ?? throw new InvalidOperationException("Call SegmentStore.InitializeAsync first.");

    public async Task<ReconcileReport> InitializeAsync(CancellationToken ct)
    {
        if (_writer is not null) throw new InvalidOperationException("Already initialized.");
        DurableFileSystem.CreateDirectoryDurably(Layout.MediaRoot);
        await Catalog.MigrateAsync(ct);
        await PrepareArchiveVolumeAsync(ct);
        var report = await new StoreReconciler(Catalog, Layout, _log).RunAsync(ct);
        foreach (var f in await Catalog.ListFilesAsync(ct)) _files[f.Id] = new FileEntry(f.DeviceId, f.DataType, f.RelativePath, f.InitLengthBytes, f.Volume);
        _lastFileId = await Catalog.HighestFileIdAsync(ct);
        _writer = new CatalogWriter(Catalog);
        return report;
    }

    public async Task<IRecordingFileWriter> OpenFileAsync(string deviceId, string dataType, long startUtcMicros, ReadOnlyMemory<byte> initSegment, CancellationToken ct)
    {
        MediaLayout.RequireId(deviceId, nameof(deviceId));
        MediaLayout.RequireId(dataType, nameof(dataType));
        if (initSegment.IsEmpty) throw new ArgumentException("A recording file starts with its init segment (ftyp+moov).", nameof(initSegment));
        var writer = Writer;
        var fileId = Interlocked.Increment(ref _lastFileId);
        var relativePath = MediaLayout.RelativeFilePath(deviceId, dataType, startUtcMicros, fileId);
        var fullPath = Layout.FullPath(relativePath);
        _openForWriting[fileId] = 0; // registered before its row exists, so retention can never see it unregistered
        FileStream? file = null;
        try
        {
            file = CreateDurably(fullPath, initSegment.Span);
            var row = new RecordingFileRow(fileId, deviceId, dataType, relativePath, initSegment.Length, _clock.Now(),
                initSegment.Length, 0, null, null);
            await writer.RunAsync(async (c, tx) => { await SegmentCatalog.InsertFileAsync(c, tx, row, CancellationToken.None); return 0; });
            _files[fileId] = new FileEntry(deviceId, dataType, relativePath, initSegment.Length, StorageVolume.Live);
            return new RecordingFileWriter(this, fileId, deviceId, dataType, file, AppendStreamWrapper?.Invoke(file) ?? file);
        }
        catch (Exception e)
        {
            _openForWriting.TryRemove(fileId, out _);
            if (file is not null) await file.DisposeAsync();
            TryDelete(fullPath); // no row points at it (or the insert failed): it is garbage
            if (e is IOException io and not StorageFullException && RecordingFileWriter.IsDiskFull(io))
                throw new StorageFullException($"The media volume is full: cannot start a recording file for {deviceId}/{dataType}.", e);
            throw;
        }
    }

    /// <summary>Create, write the init segment, fsync the file, fsync the directory (and any created parents).</summary>
    private FileStream CreateDurably(string fullPath, ReadOnlySpan<byte> initSegment)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        lock (_directories)
        {
            DurableFileSystem.CreateDirectoryDurably(directory);
            // bufferSize 0: every Write goes straight to the OS; we fsync after each anyway.
            var file = new FileStream(fullPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.None);
            try
            {
                file.Write(initSegment);
                file.Flush(flushToDisk: true);
                DurableFileSystem.FsyncDirectory(directory);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
    }

    public Task<IReadOnlyList<SegmentInfo>> ListAsync(string deviceId, string dataType, long fromUtcMicros, long toUtcMicros, CancellationToken ct, int limit = int.MaxValue)
    {
        MediaLayout.RequireId(deviceId, nameof(deviceId));
        MediaLayout.RequireId(dataType, nameof(dataType));
        return Catalog.ListAsync(deviceId, dataType, fromUtcMicros, toUtcMicros, ct, limit);
    }

    /// <summary>The segment starting exactly at <paramref name="startUtcMicros"/> (its identity), or null.</summary>
    public Task<SegmentInfo?> FindAsync(string deviceId, string dataType, long startUtcMicros, CancellationToken ct)
    {
        MediaLayout.RequireId(deviceId, nameof(deviceId));
        MediaLayout.RequireId(dataType, nameof(dataType));
        return Catalog.FindAsync(deviceId, dataType, startUtcMicros, ct);
    }

    public Task<SegmentInfo?> LastSegmentAsync(string deviceId, string dataType, CancellationToken ct)
    {
        MediaLayout.RequireId(deviceId, nameof(deviceId));
        MediaLayout.RequireId(dataType, nameof(dataType));
        return Catalog.LastAsync(deviceId, dataType, ct);
    }

    /// <summary>Devices and data types holding at least one segment.</summary>
    public async Task<IReadOnlyList<(string DeviceId, string DataType)>> ListDevicesAsync(CancellationToken ct = default) =>
        (await Catalog.StatsAsync(ct)).Select(s => (s.DeviceId, s.DataType)).ToList();

    /// <summary>Per device and data type: segment count, bytes (init segments included), oldest start, newest end.</summary>
    public Task<IReadOnlyList<DeviceStorageStats>> GetStatsAsync(CancellationToken ct) => Catalog.StatsAsync(ct);

    /// <summary>
    /// A read-only, seekable stream of one standalone fMP4: the init segment of the segment's file
    /// followed by its fragment, read from the file on demand (never copied into memory), on
    /// whichever volume holds the file: a tier move changes nothing for the caller.
    /// </summary>
    public Stream OpenSegment(SegmentInfo segment)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!_files.TryGetValue(segment.FileId, out var file))
                throw new FileNotFoundException($"Recording file {segment.FileId} is no longer stored (retention).");
            if (file.DeviceId != segment.DeviceId || file.DataType != segment.DataType || segment.OffsetBytes < file.InitLengthBytes || segment.LengthBytes <= 0)
                throw new ArgumentException("The segment does not belong to its recording file.", nameof(segment));
            if (Layout.RootOf(file.Volume) is null)
                throw new FileNotFoundException($"Recording file {segment.FileId} is on the {file.Volume} volume, which is not configured.");
            var path = Layout.FullPath(file.Volume, file.RelativePath);
            try
            {
                return new FileRegionsStream([new FileRegion(path, 0, file.InitLengthBytes), new FileRegion(path, segment.OffsetBytes, segment.LengthBytes)]);
            }
            catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Moved to the archive between the lookup and the open: the entry already names the
                // new volume (it switches before the source is deleted), so one retry finds it.
                if (attempt > 0) throw new FileNotFoundException($"Recording file {segment.FileId} is not on its {file.Volume} volume (unmounted?).", path, e);
            }
        }
    }

    /// <summary>Whether the file is open for writing (retention skips it).</summary>
    public bool IsOpenForWriting(long fileId) => _openForWriting.ContainsKey(fileId);

    internal Task CommitSegmentAsync(SegmentInfo segment) => CommitSegmentsAsync([segment]);

    /// <summary>The rows of segments whose bytes are durable, in one transaction (all or none).</summary>
    internal Task CommitSegmentsAsync(IReadOnlyList<SegmentInfo> segments) =>
        Writer.RunAsync(async (c, tx) =>
        {
            foreach (var segment in segments) await SegmentCatalog.InsertSegmentAsync(c, tx, segment, CancellationToken.None);
            return 0;
        });

    internal void RaiseCommitted(SegmentInfo segment)
    {
        try
        {
            SegmentCommitted?.Invoke(segment);
        }
        catch (Exception e)
        {
            _log.LogError(e, "A SegmentCommitted subscriber failed; the segment is stored");
        }
    }

    internal void Unregister(long fileId) => _openForWriting.TryRemove(fileId, out _);

    private void TryDelete(string fullPath)
    {
        try
        {
            DurableFileSystem.DeleteFile(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Could not delete {Path}; start-up reconciliation will", fullPath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
    }

    private sealed record FileEntry(string DeviceId, string DataType, string RelativePath, long InitLengthBytes, StorageVolume Volume);
}

/// <summary>What a device and data type hold in the store (for the HTTP API).</summary>
public sealed record DeviceStorageStats(string DeviceId, string DataType, long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros);
