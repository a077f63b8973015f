using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>A segment store in a scratch directory, with helpers to record and to restart it.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private TestStore(string directory, string? archiveDirectory, SegmentStore store, ReconcileReport report)
    {
        Directory = directory;
        ArchiveDirectory = archiveDirectory;
        Store = store;
        LastReconcile = report;
    }

    public string Directory { get; }

    /// <summary>The second volume (a directory beside the live one), or null for a single-volume store.</summary>
    public string? ArchiveDirectory { get; }
    public SegmentStore Store { get; private set; }
    public ReconcileReport LastReconcile { get; private set; }

    public static async Task<TestStore> CreateAsync(string? directory = null, bool withArchive = false)
    {
        directory ??= RepoPaths.NewScratchDirectory("segstore");
        var archive = withArchive ? ArchiveDirectoryOf(directory) : null;
        var (store, report) = await OpenAsync(directory, archive);
        return new TestStore(directory, archive, store, report);
    }

    /// <summary>Where a two-volume test store keeps its archive volume (also used by the crash child).</summary>
    public static string ArchiveDirectoryOf(string directory) => Path.Combine(directory, "archive");

    /// <summary>Closes the store and opens it again (as after a process restart): runs reconciliation.</summary>
    public async Task<ReconcileReport> RestartAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        (Store, LastReconcile) = await OpenAsync(Directory, ArchiveDirectory);
        return LastReconcile;
    }

    public Task<IRecordingFileWriter> OpenFileAsync(string deviceId = "cam-1", long startUtcMicros = 0) =>
        Store.OpenFileAsync(deviceId, Fmp4Samples.DataType, startUtcMicros == 0 ? Fmp4Samples.Epoch : startUtcMicros, Fmp4Samples.Init(), default);

    /// <summary>Appends <paramref name="count"/> consecutive 1 s segments starting at <paramref name="startUtcMicros"/>.</summary>
    public static async Task<List<SegmentInfo>> AppendAsync(IRecordingFileWriter writer, long startUtcMicros, int count = 1)
    {
        var stored = new List<SegmentInfo>();
        for (var i = 0; i < count; i++)
        {
            var start = startUtcMicros + i * Fmp4Samples.SegmentMicros;
            stored.Add(await writer.AppendSegmentAsync(Fmp4Samples.Fragment(start), start, start + Fmp4Samples.SegmentMicros, SegmentFlags.None, default));
        }
        return stored;
    }

    /// <summary>A closed file of <paramref name="count"/> segments of a device.</summary>
    public async Task<(long FileId, List<SegmentInfo> Segments)> RecordFileAsync(string deviceId, long startUtcMicros, int count = 2)
    {
        await using var writer = await OpenFileAsync(deviceId, startUtcMicros);
        return (writer.FileId, await AppendAsync(writer, startUtcMicros, count));
    }

    public byte[] ReadSegmentFragment(SegmentInfo segment)
    {
        using var stream = Store.OpenSegment(segment);
        var all = new byte[stream.Length];
        stream.ReadExactly(all);
        return all[(int)(all.Length - segment.LengthBytes)..];
    }

    public string PathOf(long fileId)
    {
        var file = Store.ListFilesAsync(default).GetAwaiter().GetResult().Single(f => f.Id == fileId);
        return Store.Layout.FullPath(file.Volume, file.RelativePath);
    }

    public string[] MediaFiles() => FilesUnder(Store.Layout.MediaRoot);

    /// <summary>Every file on the archive volume (empty for a single-volume store).</summary>
    public string[] ArchiveFiles() => Store.Layout.ArchiveRoot is { } root ? FilesUnder(root) : [];

    private static string[] FilesUnder(string root) =>
        System.IO.Directory.Exists(root) ? System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order().ToArray() : [];

    private static async Task<(SegmentStore, ReconcileReport)> OpenAsync(string directory, string? archiveDirectory)
    {
        var store = new SegmentStore(directory, NullLogger<SegmentStore>.Instance, TimeProvider.System, archiveDirectory);
        return (store, await store.InitializeAsync(default));
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, true);
    }
}
