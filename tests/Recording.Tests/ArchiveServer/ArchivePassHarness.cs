using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Messages;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Association;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Tests.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>
/// An archiving server "z" in-process, taking segments from a recording server "rec-a" whose store
/// it reaches through <see cref="FakeArchiveSource"/>; the bus is <see cref="Messages"/>, which by
/// default acts as rec-a and the management server would.
/// </summary>
public sealed class ArchivePassHarness : IAsyncDisposable
{
    public const string Device = "cam-1";
    private static readonly RecordingServerRecord RecA = new("rec-a", "rec-a", "http://rec-a.test"), Z = new("z", "z", "http://z.test");
    private readonly string _copyDirectory;

    private ArchivePassHarness(TestStore source, TestStore archive, ConfigurationSynchronizer copy, string copyDirectory)
    {
        (Source, Archive, Copy, _copyDirectory) = (source, archive, copy, copyDirectory);
        Http = new FakeArchiveSource(source.Store);
        Messages = new FakeArchiveMessages(this);
        var settings = new ArchiveServerSettings { MoveAfter = TimeSpan.FromHours(1), ConfirmBatch = 2 };
        Progress = new ArchiveProgress(TimeProvider.System);
        var client = new ArchiveSourceClient(Http, new AssociationSettings());
        Writers = new ArchiveWriters(archive.Store);
        var transfer = new SegmentTransfer(archive.Store, client, Writers, settings, Progress, TimeProvider.System, NullLogger<SegmentTransfer>.Instance);
        Puller = new ArchivePuller(copy, new RecordingSettings { ServerId = Z.Id, Role = RecordingServerRole.Archive }, settings, client, transfer, Writers,
            Progress, Messages, archive.Store, TimeProvider.System, NullLogger<ArchivePuller>.Instance) { RowWait = TimeSpan.FromSeconds(5) };
    }

    public TestStore Source { get; }
    public TestStore Archive { get; }
    public ConfigurationSynchronizer Copy { get; }
    public FakeArchiveSource Http { get; }
    public FakeArchiveMessages Messages { get; }
    public ArchiveProgress Progress { get; }
    public ArchiveWriters Writers { get; }
    public ArchivePuller Puller { get; }

    public static async Task<ArchivePassHarness> CreateAsync()
    {
        var directory = RepoPaths.NewScratchDirectory("archive-copy");
        var store = new ConfigurationCopyStore(new Database(SqlDialect.For(new DatabaseSettings { ConnectionString = Path.Combine(directory, "recorder.db") })), TimeProvider.System);
        await store.MigrateAsync(default);
        await store.SaveAsync(new ConfigurationCopy(Z.Id, 1, [], [RecA, Z]), default);
        // No bus: nothing here asks the management server (no refresh, no version gap).
        var copy = new ConfigurationSynchronizer(new RecordingSettings { ServerId = Z.Id, Role = RecordingServerRole.Archive }, store, null!, new BusSettings(),
            NullLogger<ConfigurationSynchronizer>.Instance);
        await copy.InitializeAsync(default);
        return new ArchivePassHarness(await TestStore.CreateAsync(), await TestStore.CreateAsync(), copy, directory);
    }

    /// <summary>What the management server does for AddArchiveHolder: z gets its non-current row, the next version of the table.</summary>
    public Task GrantRowAsync(string dataType) =>
        Copy.ApplyAsync(new ConfigurationChanged(Copy.Current.Version + 1,
            [new DeviceConfiguration(new DeviceRecord(Device, Device, "rtsp://127.0.0.1/cam1", null, null),
                [new ConfigurationEntry(Device, dataType, RecA.Id, true), new ConfigurationEntry(Device, dataType, Z.Id, false)])],
            [], [RecA, Z], [], TimeProvider.System.Now()), default);

    /// <summary>A closed file of <paramref name="count"/> 1-s segments of the device on rec-a.</summary>
    public Task<(long FileId, List<Recording.Storage.SegmentInfo> Segments)> RecordAsync(long startUtcMicros, int count) => Source.RecordFileAsync(Device, startUtcMicros, count);

    public async Task<List<Recording.Storage.SegmentInfo>> HeldAsync(TestStore store) =>
        [.. await store.Store.ListAsync(Device, Fmp4Samples.DataType, long.MinValue, long.MaxValue, default)];

    public static async Task<byte[]> StandaloneAsync(TestStore store, Recording.Storage.SegmentInfo segment)
    {
        await using var stream = store.Store.OpenSegment(segment);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        await Writers.DisposeAsync();
        await Source.DisposeAsync();
        await Archive.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_copyDirectory, true);
    }
}
