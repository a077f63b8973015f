using System.Buffers;
using System.Collections.Concurrent;

namespace VmsServices.Recording.Storage;

/*
 * TIER MOVE (also docs/design/storage.md). The unit is a whole closed recording file; its relative
 * path stays the same, only the volume changes. Order, so that a crash at any point leaves exactly
 * one copy the catalog points at and at most garbage that reconciliation can recognise:
 *
 *   1. copy the committed bytes to <archive>/<path>.moving, fsync the file
 *   2. rename to <archive>/<path>, fsync the directory        (crash: a copy no row points at)
 *   3. ONE catalog transaction switches the row to the archive (the commit point)
 *   4. delete the live source, fsync its directory              (crash: a source no row points at)
 *
 * StoreReconciler deletes, per volume, every file the catalog does not list on that volume, and
 * every *.moving file: before 3 that removes the archive copy, after 3 the live source. It never
 * touches the copy a row points at.
 */
public sealed partial class SegmentStore
{
    private readonly ConcurrentDictionary<long, byte> _moving = new(); // retention skips these until the switch commits

    /// <summary>Whether the archive volume is configured and its media root is there (a NAS can be unmounted).</summary>
    public bool ArchiveOnline => Layout.ArchiveRoot is { } root && Directory.Exists(root);

    /// <summary>Whether the file is being copied to the archive (retention skips it).</summary>
    public bool IsMoving(long fileId) => _moving.ContainsKey(fileId);

    /// <summary>
    /// Moves one closed recording file from the live volume to the archive volume (see the order
    /// above). Returns the bytes copied, or 0 when the file is not eligible any more (open for
    /// writing, already moved, deleted by retention meanwhile). Idempotent: moving a moved file is a no-op.
    /// Throws <see cref="IOException"/> if a copy fails; the live file is then untouched.
    /// </summary>
    public async Task<long> MoveToArchiveAsync(long fileId, BandwidthThrottle throttle, CancellationToken ct)
    {
        if (!ArchiveOnline) throw new InvalidOperationException("The archive volume is not configured or not mounted.");
        if (IsOpenForWriting(fileId) || !_files.TryGetValue(fileId, out var entry) || entry.Volume != StorageVolume.Live) return 0;
        if (!_moving.TryAdd(fileId, 0)) return 0;
        try
        {
            // Read after the open-for-writing check: a closed writer never appends again, so this is final.
            var committedBytes = await Catalog.CommittedEndAsync(fileId, ct) ?? entry.InitLengthBytes;
            var source = Layout.FullPath(StorageVolume.Live, entry.RelativePath);
            var target = Layout.FullPath(StorageVolume.Archive, entry.RelativePath);
            await CopyDurablyAsync(source, target, committedBytes, throttle, ct);

            var switched = await Writer.RunAsync((c, tx) => SegmentCatalog.SwitchVolumeAsync(c, tx, fileId, StorageVolume.Live, StorageVolume.Archive, CancellationToken.None));
            if (!switched)
            {
                TryDelete(target); // the row went meanwhile: the copy is garbage
                RemoveEmptyDirectories(StorageVolume.Archive, Path.GetDirectoryName(target)!);
                return 0;
            }
            // Readers resolve through this entry: switch it before the source disappears (OpenSegment retries once).
            _files[fileId] = entry with { Volume = StorageVolume.Archive };
            DeleteDurably(source);
            RemoveEmptyDirectories(StorageVolume.Live, Path.GetDirectoryName(source)!);
            return committedBytes;
        }
        finally
        {
            _moving.TryRemove(fileId, out _);
        }
    }

    /// <summary>Steps 1 and 2: copy <paramref name="lengthBytes"/> to a temporary name, fsync, rename, fsync the directory.</summary>
    private async Task CopyDurablyAsync(string source, string target, long lengthBytes, BandwidthThrottle throttle, CancellationToken ct)
    {
        var temp = target + MediaLayout.TransferSuffix;
        var directory = Path.GetDirectoryName(target)!;
        var buffer = ArrayPool<byte>.Shared.Rent(throttle.ChunkBytes);
        try
        {
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (input.Length < lengthBytes) throw new IOException($"'{source}' is shorter ({input.Length} bytes) than its committed segments ({lengthBytes} bytes).");
            FileStream output;
            lock (_directories) // the directory must not be removed as empty between its creation and the temp file's
            {
                DurableFileSystem.CreateDirectoryDurably(directory);
                output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            }
            await using (output)
            {
                for (var remaining = lengthBytes; remaining > 0;)
                {
                    var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(throttle.ChunkBytes, remaining)), ct);
                    if (read == 0) throw new EndOfStreamException($"'{source}' ended before its committed length.");
                    await throttle.WaitAsync(read, ct);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                    remaining -= read;
                }
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true); // a leftover copy of an earlier crashed attempt holds the same bytes
            DurableFileSystem.FsyncDirectory(directory);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Step 4. A failure is only logged: the source is garbage now, and reconciliation deletes it at the next start.</summary>
    private void DeleteDurably(string path)
    {
        TryDelete(path);
        try
        {
            DurableFileSystem.FsyncDirectory(Path.GetDirectoryName(path)!);
        }
        catch (IOException e)
        {
            _log.LogWarning(e, "Could not fsync the directory of {Path} after deleting it", path);
        }
    }

    /// <summary>
    /// Creates the archive media root if the catalog has no file on the archive yet. If it has and the
    /// root is missing, the volume is taken as unmounted: its rows are kept (reconciliation leaves
    /// them alone), nothing moves, and its files cannot be served until it is back.
    /// </summary>
    private async Task PrepareArchiveVolumeAsync(CancellationToken ct)
    {
        if (Layout.ArchiveRoot is not { } root || Directory.Exists(root)) return;
        var archived = (await Catalog.ListFilesAsync(ct)).Count(f => f.Volume == StorageVolume.Archive);
        if (archived == 0)
            DurableFileSystem.CreateDirectoryDurably(root);
        else
            _log.LogError("The archive volume {Root} is missing but the catalog lists {Files} files on it: is it mounted? Its files stay in the catalog and are not served until it is back", root, archived);
    }
}
