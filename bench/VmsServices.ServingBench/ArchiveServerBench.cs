using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Messages;
using VmsServices.Recording;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Association;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.ServingBench;

/// <summary>
/// Archive transfer throughput of an archiving server (issue: "archive transfer throughput with the
/// bandwidth limit off, as a ratio of the disk's sequential write speed measured in the same run").
/// In-process, both stores on the same disk under the work directory: a source <see cref="SegmentStore"/>
/// served over loopback HTTP by <see cref="BenchArchiveSource"/> (the three calls an archiving server
/// makes, each segment with its SHA-256), and the archiving server's own code: one
/// <see cref="ArchivePuller"/> pass per round (holdings, list, and per segment: download with the
/// bandwidth limit off, SHA-256 check, split; per group of segments: append + one fsync + one catalog
/// commit; read back and hash),
/// with confirmations counted instead of sent (the source deletes on its own time, not on this path).
/// Baseline, interleaved round by round on the same disk: writing the same bytes sequentially to a
/// new file and fsyncing it once, the floor any durable copy pays.
/// </summary>
internal static class ArchiveServerBench
{
    private const int SegmentBytes = 1 << 20;
    private const long SegmentMicros = 4_000_000;
    private const string DataType = "video";

    public static async Task<Table> RunAsync(Options o, CancellationToken ct)
    {
        var root = Path.Combine(o.WorkRoot, "archive-server-bench");
        var rounds = o.ArchiveFiles;
        var devices = Enumerable.Range(0, rounds + 1).Select(r => $"bench-cam-{r}").ToList(); // the first one warms up
        var source = new SegmentStore(Path.Combine(root, "rec-a"), NullLogger<SegmentStore>.Instance, TimeProvider.System);
        var archive = new SegmentStore(Path.Combine(root, "arch-z"), NullLogger<SegmentStore>.Instance, TimeProvider.System);
        await source.InitializeAsync(ct);
        await archive.InitializeAsync(ct);
        await using var http = await BenchArchiveSource.StartAsync(source, ct);
        using var services = new ServiceCollection().AddHttpClient(PeerSegmentsClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None, UseProxy = false }).Services
            .BuildServiceProvider();
        var confirmed = new CountingMessages();
        var (puller, writers) = await PullerAsync(root, http.Url, devices, archive, services.GetRequiredService<IHttpClientFactory>(), confirmed, ct);
        try
        {
            var transfer = new List<double>();
            var written = new List<double>();
            var chunk = new byte[1 << 20];
            Random.Shared.NextBytes(chunk);
            for (var r = 0; r <= rounds; r++)
            {
                var bytes = await RecordAsync(source, devices[r], r == 0 ? 4 : o.ArchiveSegmentsPerFile, ct);
                http.Offer(devices[r]);
                var watch = Stopwatch.StartNew();
                await puller.RunOnceAsync(ct);
                var seconds = watch.Elapsed.TotalSeconds;
                var held = await archive.ListAsync(devices[r], DataType, long.MinValue, long.MaxValue, ct);
                if (held.Count != (r == 0 ? 4 : o.ArchiveSegmentsPerFile)) throw new InvalidOperationException($"round {r}: the archive holds {held.Count} segments of {devices[r]}");
                if (r == 0) continue;
                transfer.Add(bytes / 1e6 / seconds);
                written.Add(await ArchiveBench.SequentialWriteAsync(Path.Combine(root, "arch-z", $"baseline-{r}.bin"), chunk, bytes, ct));
            }
            var (table, ratio) = ArchiveBench.VersusSequentialWrite(
                $"8. Archiving server transfer throughput, bandwidth limit off: {rounds} passes of {o.ArchiveSegmentsPerFile} segments of 1 MiB, source and archive on one disk",
                "passes", ("archive pass (HTTP, SHA-256, grouped append/fsync/commit, read-back)", transfer), written, "ratio transfer / sequential write");
            table.Notes.Add($"median ratio {ratio:0.00}x; {confirmed.Segments} segments confirmed. The archive writes groups of {ArchivePuller.GroupSegments} segments with one fsync and one "
                + "catalog commit each (the baseline: one fsync per pass) while the next segments download; every segment is hashed three times (by the source before "
                + "sending, on receipt, read back from the archive's store) and read twice at the source; on 2 cores the source, the HTTP hop and the archive share the CPU");
            return table;
        }
        finally
        {
            await writers.DisposeAsync();
            await source.DisposeAsync();
            await archive.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The archiving server "arch-z": its copy names the source and, for every bench device, its own non-current row (as granted).</summary>
    private static async Task<(ArchivePuller, ArchiveWriters)> PullerAsync(string root, string sourceUrl, IReadOnlyList<string> devices, SegmentStore archive,
        IHttpClientFactory factory, IArchiveMessages messages, CancellationToken ct)
    {
        var recording = new RecordingSettings { ServerId = "arch-z", Role = RecordingServerRole.Archive, DataDirectory = Path.Combine(root, "arch-z") };
        var copyStore = new ConfigurationCopyStore(new Database(SqlDialect.For(new DatabaseSettings { ConnectionString = Path.Combine(root, "arch-z", "recorder.db") })), TimeProvider.System);
        await copyStore.MigrateAsync(ct);
        await copyStore.SaveAsync(new ConfigurationCopy(recording.ServerId, 1,
            devices.Select(d => new DeviceConfiguration(new DeviceRecord(d, d, "rtsp://127.0.0.1/none", null, null),
                [new ConfigurationEntry(d, DataType, "rec-a", true), new ConfigurationEntry(d, DataType, recording.ServerId, false)])).ToList(),
            [new RecordingServerRecord("rec-a", "rec-a", sourceUrl), new RecordingServerRecord(recording.ServerId, recording.ServerId, "http://127.0.0.1:1")]), ct);
        // No bus: nothing here asks the management server.
        var copy = new ConfigurationSynchronizer(recording, copyStore, null!, new BusSettings(), NullLogger<ConfigurationSynchronizer>.Instance);
        await copy.InitializeAsync(ct);
        var settings = new ArchiveServerSettings { MoveAfter = TimeSpan.FromHours(1) };
        var progress = new ArchiveProgress(TimeProvider.System);
        var client = new ArchiveSourceClient(factory, new AssociationSettings());
        var writers = new ArchiveWriters(archive);
        var transfer = new SegmentTransfer(archive, client, writers, settings, progress, TimeProvider.System, NullLogger<SegmentTransfer>.Instance);
        return (new ArchivePuller(copy, recording, settings, client, transfer, writers, progress, messages, archive, TimeProvider.System, NullLogger<ArchivePuller>.Instance), writers);
    }

    /// <summary>One closed file of consecutive 1 MiB segments two days ago (all due); returns the bytes a transfer moves (init + fragment each).</summary>
    private static async Task<long> RecordAsync(SegmentStore store, string deviceId, int segments, CancellationToken ct)
    {
        var init = Concat(Box("ftyp", 16), Box("moov", 1000));
        var fragment = Concat(Box("moof", 200), Box("mdat", SegmentBytes - 200));
        var start = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds() * 1000;
        await using var writer = await store.OpenFileAsync(deviceId, DataType, start, init, ct);
        for (var s = 0; s < segments; s++, start += SegmentMicros)
            await writer.AppendSegmentAsync(fragment, start, start + SegmentMicros, SegmentFlags.None, ct);
        return (long)segments * (init.Length + fragment.Length);
    }

    /// <summary>An ISO BMFF box of <paramref name="size"/> bytes with random content (no reader here looks inside).</summary>
    private static byte[] Box(string type, int size)
    {
        var box = new byte[size];
        Random.Shared.NextBytes(box.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        return box;
    }

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    /// <summary>Counts confirmations instead of sending them: the source's deletion is not on the transfer's path.</summary>
    private sealed class CountingMessages : IArchiveMessages
    {
        public int Segments { get; private set; }

        public Task ConfirmAsync(string sourceServerId, ConfirmArchived confirmation, CancellationToken ct)
        {
            Segments += confirmation.Segments.Count;
            return Task.CompletedTask;
        }

        public Task AddHolderAsync(string deviceId, string dataType, CancellationToken ct) => Task.CompletedTask;
        public Task HoldsNoMoreAsync(string deviceId, string dataType, CancellationToken ct) => Task.CompletedTask;
    }
}
