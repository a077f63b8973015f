namespace VmsServices.Recording.Storage;

/*
 * DELETING SINGLE SEGMENTS (an archiving server took them, ArchiveServer/). Files are never
 * rewritten, so a deleted segment's bytes stay in its file, unreferenced, until the whole file goes:
 *
 *   1. ONE catalog transaction deletes the segments' rows and recomputes their files' aggregates
 *      (the commit point: from here on nothing points at those bytes);
 *   2. files left without any segment, and neither open for writing nor being moved, go as
 *      retention deletes files (rows first, then the file).
 *
 * The crash-safety invariant holds throughout: every remaining row points at durable bytes;
 * reconciliation cuts a tail no row points at and deletes a file left without segments.
 */
public sealed partial class SegmentStore
{
    /// <summary>
    /// Deletes the segments of one device and data type starting at <paramref name="starts"/>
    /// (unknown starts are ignored), then every closed file left empty. Null when none was held.
    /// </summary>
    public async Task<DeletedSegments?> DeleteSegmentsAsync(string deviceId, string dataType, IReadOnlyCollection<long> starts, CancellationToken ct)
    {
        MediaLayout.RequireId(deviceId, nameof(deviceId));
        MediaLayout.RequireId(dataType, nameof(dataType));
        ct.ThrowIfCancellationRequested();
        var (deleted, holdsAny) = await Writer.RunAsync(async (c, tx) =>
        {
            var removed = new List<SegmentInfo>();
            foreach (var start in starts.Distinct())
                if (await SegmentCatalog.DeleteSegmentAsync(c, tx, deviceId, dataType, start, CancellationToken.None) is { } segment)
                    removed.Add(segment);
            foreach (var fileId in removed.Select(s => s.FileId).Distinct())
                await SegmentCatalog.RecomputeFileAsync(c, tx, fileId, CancellationToken.None);
            return (removed, await SegmentCatalog.HoldsAnyAsync(c, tx, deviceId, dataType, CancellationToken.None));
        });
        if (deleted.Count == 0) return null;
        await DeleteEmptyClosedFilesAsync(ct);
        return new DeletedSegments(deviceId, dataType,
            deleted.OrderBy(s => s.StartUtcMicros).Select(s => new Messages.SegmentRef(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes)).ToList(), !holdsAny);
    }

    /// <summary>
    /// Step 2: files without segments that nobody writes or moves. One still open is left for a
    /// later call, for retention (by its creation time) or for reconciliation at the next start.
    /// </summary>
    private async Task DeleteEmptyClosedFilesAsync(CancellationToken ct)
    {
        var empty = (await Catalog.ListFilesAsync(ct)).Where(f => f.SegmentCount == 0 && !IsOpenForWriting(f.Id) && !IsMoving(f.Id)).Select(f => f.Id).ToList();
        if (empty.Count > 0) await DeleteFilesAsync(empty, ct);
    }
}
