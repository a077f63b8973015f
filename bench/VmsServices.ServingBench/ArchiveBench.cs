using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;

namespace VmsServices.ServingBench;

/// <summary>
/// Archive transfer throughput of a recording server's tier move (issue: "archive transfer throughput
/// with the bandwidth limit off, as a ratio of the disk's sequential write speed measured in the same
/// run"). A real <see cref="SegmentStore"/> with a live and an archive volume under the work directory
/// records closed recording files (1 MB segments), then moves every one to the archive
/// (<see cref="SegmentStore.MoveToArchiveAsync"/>: copy, fsync, rename, fsync directory, catalog
/// switch, delete the source). Baseline, interleaved file by file on the same disk: writing the same
/// number of bytes sequentially to a new file on the archive volume and fsyncing it, the floor any
/// durable copy pays.
/// </summary>
internal static class ArchiveBench
{
    private const int SegmentBytes = 1 << 20;
    private const long SegmentMicros = 4_000_000;

    public static async Task<Table> RunAsync(Options o, CancellationToken ct)
    {
        var root = Path.Combine(o.WorkRoot, "archive-bench");
        var live = Path.Combine(root, "live");
        var archive = Path.Combine(root, "archive");
        Directory.CreateDirectory(live);
        Directory.CreateDirectory(archive);
        var store = new SegmentStore(live, NullLogger<SegmentStore>.Instance, TimeProvider.System, archive);
        await store.InitializeAsync(ct);
        try
        {
            var files = await RecordAsync(store, o.ArchiveFiles, o.ArchiveSegmentsPerFile, ct);
            var fileBytes = (long)o.ArchiveSegmentsPerFile * SegmentBytes;
            var moved = new List<double>();
            var written = new List<double>();
            var chunk = new byte[1 << 20];
            Random.Shared.NextBytes(chunk);
            for (var i = 0; i < files.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                var bytes = await store.MoveToArchiveAsync(files[i], BandwidthThrottle.Unlimited, ct);
                moved.Add(bytes / 1e6 / watch.Elapsed.TotalSeconds);
                written.Add(await SequentialWriteAsync(Path.Combine(archive, $"baseline-{i}.bin"), chunk, fileBytes, ct));
            }
            var (table, ratio) = VersusSequentialWrite($"7. Archive transfer (tier move) throughput, bandwidth limit off: {files.Count} recording files of {fileBytes >> 20} MiB",
                "files", ("tier move (copy + fsync + rename + catalog + delete)", moved), written, "ratio move / sequential write");
            table.Notes.Add($"median ratio {ratio:0.00}x: a tier move reads the file and writes it once, so on one disk it pays a read on top of the baseline's write; "
                + "with the archive on its own disk (the point of a tier) the read and the write overlap");
            return table;
        }
        finally
        {
            await store.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Closed recording files of consecutive segments, in the past so none is the open file of a recorder.</summary>
    private static async Task<List<long>> RecordAsync(SegmentStore store, int files, int segmentsPerFile, CancellationToken ct)
    {
        var ids = new List<long>();
        var fragment = new byte[SegmentBytes];
        Random.Shared.NextBytes(fragment);
        var start = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds() * 1000;
        for (var f = 0; f < files; f++)
        {
            await using var writer = await store.OpenFileAsync("bench-cam", "video", start, new byte[1024], ct);
            for (var s = 0; s < segmentsPerFile; s++, start += SegmentMicros)
                await writer.AppendSegmentAsync(fragment, start, start + SegmentMicros, SegmentFlags.None, ct);
            ids.Add(writer.FileId);
        }
        return ids;
    }

    /// <summary>
    /// The table both archive benchmarks print: a throughput per round (MB/s) against the sequential
    /// write baseline of the same rounds, and the ratio of their medians (also returned).
    /// </summary>
    internal static (Table Table, double Ratio) VersusSequentialWrite(string title, string rounds, (string Name, List<double> MBps) measured, List<double> written, string ratioName)
    {
        var table = new Table(title, "measure", rounds, "mean MB/s", "p50 MB/s", "min MB/s");
        void Row(string name, List<double> v) => table.Add(name, $"{v.Count}", $"{v.Average():0}", $"{Stats.Median(v):0}", $"{v.Min():0}");
        Row(measured.Name, measured.MBps);
        Row("baseline: sequential write + fsync, same disk", written);
        var ratio = Stats.Median(measured.MBps) / Stats.Median(written);
        table.Add(ratioName, "", $"{measured.MBps.Average() / written.Average():0.00}x", $"{ratio:0.00}x", "");
        return (table, ratio);
    }

    /// <summary>Writes <paramref name="total"/> bytes to a new file, fsyncs it once and deletes it: MB/s, the baseline of the archive benchmarks.</summary>
    internal static async Task<double> SequentialWriteAsync(string path, byte[] chunk, long total, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        {
            for (long done = 0; done < total; done += chunk.Length) await file.WriteAsync(chunk, ct);
            file.Flush(flushToDisk: true);
        }
        var mbPerSecond = total / 1e6 / watch.Elapsed.TotalSeconds;
        File.Delete(path);
        return mbPerSecond;
    }
}
