using VmsServices.Messages;

namespace VmsServices.Recording.Storage;

/// <summary>
/// Segments removed from one device and data type. <see cref="HoldsNoMore"/>: this store now holds
/// no segment of it at all (feeds <see cref="SegmentsDeleted"/>, seed 000 [0081]).
/// </summary>
public sealed record DeletedSegments(string DeviceId, string DataType, IReadOnlyList<SegmentRef> Segments, bool HoldsNoMore)
{
    public SegmentsDeleted ToMessage(string recordingServerId, long deletedUtcMicros) =>
        new(recordingServerId, DeviceId, DataType, Segments, HoldsNoMore, deletedUtcMicros);
}

public sealed partial class SegmentStore
{
    /// <summary>Every recording file with the aggregates of its segments (retention picks from these).</summary>
    public Task<IReadOnlyList<RecordingFileRow>> ListFilesAsync(CancellationToken ct) => Catalog.ListFilesAsync(ct);

    /// <summary>
    /// Deletes whole recording files (a file is never rewritten). Files open for writing are skipped.
    /// Order: the rows (segments + file) of all the files go in one committed transaction, THEN the
    /// files are deleted; a crash between the two leaves orphan files that reconciliation removes.
    /// Returns the deleted segments grouped per device and data type.
    /// </summary>
    public async Task<IReadOnlyList<DeletedSegments>> DeleteFilesAsync(IEnumerable<long> fileIds, CancellationToken ct)
    {
        var ids = fileIds.Distinct().ToList();
        ct.ThrowIfCancellationRequested();
        var (report, deletedFiles) = await Writer.RunAsync(async (c, tx) =>
        {
            var perDevice = new Dictionary<(string DeviceId, string DataType), List<SegmentRef>>();
            var files = new List<(long Id, StorageVolume Volume, string RelativePath)>();
            foreach (var id in ids)
            {
                // Checked inside the serialized catalog writer: a file opened later has a new id.
                // A file being moved is skipped too: the mover owns it until its switch commits.
                if (IsOpenForWriting(id) || IsMoving(id) || !_files.TryGetValue(id, out var entry)) continue;
                var segments = await SegmentCatalog.DeleteFileRowsAsync(c, tx, id, CancellationToken.None);
                if (!perDevice.TryGetValue((entry.DeviceId, entry.DataType), out var refs)) perDevice[(entry.DeviceId, entry.DataType)] = refs = [];
                refs.AddRange(segments.Select(s => new SegmentRef(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes)));
                files.Add((id, entry.Volume, entry.RelativePath));
            }
            var result = new List<DeletedSegments>();
            foreach (var ((deviceId, dataType), refs) in perDevice.OrderBy(p => p.Key))
            {
                var holdsNoMore = !await SegmentCatalog.HoldsAnyAsync(c, tx, deviceId, dataType, CancellationToken.None);
                result.Add(new DeletedSegments(deviceId, dataType, refs.OrderBy(r => r.StartUtcMicros).ToList(), holdsNoMore));
            }
            return (result, files);
        });

        foreach (var (id, volume, relativePath) in deletedFiles)
        {
            _files.TryRemove(id, out _);
            var fullPath = Layout.FullPath(volume, relativePath);
            TryDelete(fullPath);
            RemoveEmptyDirectories(volume, Path.GetDirectoryName(fullPath)!);
        }
        return report;
    }

    /// <summary>Removes the date / data type / device directories a deletion left empty (never a volume's media root).</summary>
    private void RemoveEmptyDirectories(StorageVolume volume, string directory)
    {
        var root = Layout.RootOf(volume)!;
        lock (_directories)
        {
            for (var d = directory; d.Length > root.Length && d.StartsWith(root, StringComparison.Ordinal); d = Path.GetDirectoryName(d)!)
            {
                try
                {
                    if (!Directory.Exists(d) || Directory.EnumerateFileSystemEntries(d).Any()) return;
                    Directory.Delete(d);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return; // cosmetic only: an empty directory costs nothing
                }
            }
        }
    }
}
