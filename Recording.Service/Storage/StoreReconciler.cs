namespace VmsServices.Recording.Storage;

/// <summary>What start-up reconciliation repaired.</summary>
public sealed record ReconcileReport(int TailsTruncated, int MissingFiles, int SegmentsLost, int EmptyFilesDeleted, int OrphanFilesDeleted);

/// <summary>
/// Brings files and catalog back in line after a crash, relying on the invariant in
/// <see cref="RecordingFileWriter"/> (every row points at durable bytes): a tail after the last
/// committed segment is cut off, a file no row references is deleted. What the invariant cannot
/// explain (a file or bytes a row points at are gone: disk fault, someone deleting files) is
/// logged as an error and the rows are dropped, so the catalog never promises what is not there.
/// Runs before any writer exists, so it writes to the catalog directly.
/// </summary>
internal sealed class StoreReconciler(SegmentCatalog catalog, MediaLayout layout, ILogger log)
{
    public async Task<ReconcileReport> RunAsync(CancellationToken ct)
    {
        int truncated = 0, missing = 0, lost = 0;
        var files = await catalog.ListFilesAsync(ct);
        var empty = new List<RecordingFileRow>();
        foreach (var file in files)
        {
            var path = layout.FullPath(file.RelativePath);
            var actualBytes = File.Exists(path) ? new FileInfo(path).Length : -1;
            if (actualBytes < file.InitLengthBytes)
            {
                log.LogError("Recording file {Path} is missing or shorter than its init segment: dropping its {Count} segments from the catalog", path, file.SegmentCount);
                await catalog.InTransactionAsync((c, tx) => SegmentCatalog.DeleteFileRowsAsync(c, tx, file.Id, ct), ct);
                missing++;
                lost += (int)file.SegmentCount;
                continue;
            }
            var committedBytes = await catalog.CommittedEndAsync(file.Id, ct) ?? file.InitLengthBytes;
            if (actualBytes > committedBytes)
            {
                Truncate(path, committedBytes);
                log.LogInformation("Cut {Bytes} uncommitted bytes off {Path}", actualBytes - committedBytes, path);
                truncated++;
            }
            else if (actualBytes < committedBytes)
            {
                var before = file.SegmentCount;
                await catalog.InTransactionAsync(async (c, tx) => { await SegmentCatalog.DropSegmentsBeyondAsync(c, tx, file.Id, actualBytes, ct); return 0; }, ct);
                var after = (await catalog.ListFilesAsync(ct)).Single(f => f.Id == file.Id).SegmentCount;
                log.LogError("Recording file {Path} is {Bytes} bytes shorter than its committed segments: dropped {Count} segments", path, committedBytes - actualBytes, before - after);
                lost += (int)(before - after);
                if (after == 0) empty.Add(file);
                continue;
            }
            if (file.SegmentCount == 0) empty.Add(file);
        }

        // No writer is open at start-up, and a writer never reopens a file: an empty file will stay empty.
        foreach (var file in empty)
        {
            await catalog.InTransactionAsync((c, tx) => SegmentCatalog.DeleteFileRowsAsync(c, tx, file.Id, ct), ct);
            File.Delete(layout.FullPath(file.RelativePath));
        }

        var orphans = DeleteOrphans((await catalog.ListFilesAsync(ct)).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal));
        RemoveEmptyDirectories(layout.MediaRoot);
        var report = new ReconcileReport(truncated, missing, lost, empty.Count, orphans);
        if (report != new ReconcileReport(0, 0, 0, 0, 0)) log.LogInformation("Segment store reconciled: {Report}", report);
        return report;
    }

    private static void Truncate(string path, long lengthBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        stream.SetLength(lengthBytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Files under media/ that no row references: created but never committed, or rows deleted but file not yet.</summary>
    private int DeleteOrphans(HashSet<string> referenced)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(layout.MediaRoot, "*", SearchOption.AllDirectories))
        {
            if (referenced.Contains(layout.RelativePath(path))) continue;
            if (!path.EndsWith(".mp4", StringComparison.Ordinal))
            {
                log.LogWarning("Unexpected file {Path} in the media directory: left alone", path);
                continue;
            }
            log.LogInformation("Deleting orphan recording file {Path} (no catalog row)", path);
            File.Delete(path);
            deleted++;
        }
        return deleted;
    }

    private static void RemoveEmptyDirectories(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
