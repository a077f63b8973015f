namespace VmsServices.Recording.Storage;

/// <summary>What start-up reconciliation repaired. <see cref="PartialTransfersDeleted"/>: archive copies cut off by a crash (<c>*.moving</c>).</summary>
public sealed record ReconcileReport(int TailsTruncated, int MissingFiles, int SegmentsLost, int EmptyFilesDeleted, int OrphanFilesDeleted, int PartialTransfersDeleted = 0);

/// <summary>
/// Brings files and catalog back in line after a crash, relying on the invariant in
/// <see cref="RecordingFileWriter"/> (every row points at durable bytes): a tail after the last
/// committed segment is cut off, a file no row references is deleted. What the invariant cannot
/// explain (a file or bytes a row points at are gone: disk fault, someone deleting files) is
/// logged as an error and the rows are dropped, so the catalog never promises what is not there.
/// Runs before any writer exists, so it writes to the catalog directly.
/// Per volume (live, archive): a file is an orphan when the catalog does not list it ON THAT
/// volume, which is exactly what a crashed tier move leaves (SegmentStore.Archive.cs): the archive
/// copy before the catalog switch, the live source after it. A volume whose media root is missing
/// (an unmounted NAS) is left alone, rows included: absence there is not loss.
/// </summary>
internal sealed class StoreReconciler(SegmentCatalog catalog, MediaLayout layout, ILogger log)
{
    public async Task<ReconcileReport> RunAsync(CancellationToken ct)
    {
        int truncated = 0, missing = 0, lost = 0;
        var files = await catalog.ListFilesAsync(ct);
        var empty = new List<(RecordingFileRow File, string Path)>();
        foreach (var file in files)
        {
            if (!IsOnline(file.Volume)) continue;
            var (path, actualBytes) = await LocateAsync(file, ct);
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
                if (after == 0) empty.Add((file, path));
                continue;
            }
            if (file.SegmentCount == 0) empty.Add((file, path));
        }

        // No writer is open at start-up, and a writer never reopens a file: an empty file will stay empty.
        foreach (var (file, path) in empty)
        {
            await catalog.InTransactionAsync((c, tx) => SegmentCatalog.DeleteFileRowsAsync(c, tx, file.Id, ct), ct);
            File.Delete(path);
        }

        int orphans = 0, partial = 0;
        var remaining = await catalog.ListFilesAsync(ct);
        foreach (var volume in layout.Volumes.Where(IsOnline))
        {
            var root = layout.RootOf(volume)!;
            var (o, p) = DeleteOrphans(volume, remaining.Where(f => f.Volume == volume).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal));
            (orphans, partial) = (orphans + o, partial + p);
            RemoveEmptyDirectories(root);
            DurableFileSystem.FsyncDirectory(root);
        }
        foreach (var volume in remaining.Select(f => f.Volume).Distinct().Where(v => !IsOnline(v)))
            log.LogError("The catalog lists {Files} recording files on the {Volume} volume, which is not configured or not mounted: left as they are",
                remaining.Count(f => f.Volume == volume), volume);
        var report = new ReconcileReport(truncated, missing, lost, empty.Count, orphans, partial);
        if (report != new ReconcileReport(0, 0, 0, 0, 0)) log.LogInformation("Segment store reconciled: {Report}", report);
        return report;
    }

    /// <summary>
    /// The file where its row says, or, if it is not there but a complete copy is on another volume
    /// (something outside the tier-move order removed it), that copy with the row switched to it:
    /// the orphan scan that follows must never delete the only copy left.
    /// </summary>
    private async Task<(string Path, long Bytes)> LocateAsync(RecordingFileRow file, CancellationToken ct)
    {
        var path = layout.FullPath(file.Volume, file.RelativePath);
        var bytes = LengthOf(path);
        if (bytes >= file.InitLengthBytes) return (path, bytes);
        var committed = await catalog.CommittedEndAsync(file.Id, ct) ?? file.InitLengthBytes;
        foreach (var other in layout.Volumes.Where(v => v != file.Volume && IsOnline(v)))
        {
            var copy = layout.FullPath(other, file.RelativePath);
            if (LengthOf(copy) < committed) continue;
            log.LogError("Recording file {Path} is missing but a complete copy is on the {Volume} volume: the catalog now points there", path, other);
            await catalog.InTransactionAsync((c, tx) => SegmentCatalog.SwitchVolumeAsync(c, tx, file.Id, file.Volume, other, ct), ct);
            return (copy, LengthOf(copy));
        }
        return (path, bytes);
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : -1;

    private bool IsOnline(StorageVolume volume) => layout.RootOf(volume) is { } root && Directory.Exists(root);

    private static void Truncate(string path, long lengthBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        stream.SetLength(lengthBytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Files under a volume's media/ that no row references on that volume: created but never
    /// committed, rows deleted but file not yet, either end of an interrupted tier move.
    /// </summary>
    private (int Orphans, int PartialTransfers) DeleteOrphans(StorageVolume volume, HashSet<string> referenced)
    {
        int deleted = 0, partial = 0;
        foreach (var path in Directory.EnumerateFiles(layout.RootOf(volume)!, "*", SearchOption.AllDirectories))
        {
            if (path.EndsWith(".mp4" + MediaLayout.TransferSuffix, StringComparison.Ordinal))
            {
                log.LogInformation("Deleting the partial archive copy {Path} (a move was interrupted)", path);
                File.Delete(path);
                partial++;
                continue;
            }
            if (referenced.Contains(layout.RelativePath(volume, path))) continue;
            if (!path.EndsWith(".mp4", StringComparison.Ordinal))
            {
                log.LogWarning("Unexpected file {Path} in the media directory: left alone", path);
                continue;
            }
            log.LogInformation("Deleting orphan recording file {Path} (no catalog row)", path);
            File.Delete(path);
            deleted++;
        }
        return (deleted, partial);
    }

    private static void RemoveEmptyDirectories(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}
