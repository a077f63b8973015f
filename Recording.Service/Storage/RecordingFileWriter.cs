using Microsoft.Data.Sqlite;
using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Storage;

/*
 * CRASH-SAFETY INVARIANT (also docs/design/storage.md)
 *
 *   Every catalog row points at durable bytes. Bytes of a file beyond the end of its last
 *   committed segment are garbage.
 *
 * Creating a file:   create it, write the init segment, fsync the file, fsync its directory (and
 *                    the parents of any directory created for it), THEN commit the recording_files row.
 * Appending:         write the fragment at the committed end, fsync the file, THEN commit the
 *                    segments row (group-committed with other writers' rows, see CatalogWriter).
 *                    Several fragments at once (AppendSegmentsAsync): all written, one fsync, THEN
 *                    their rows in one transaction; a crash before the commit leaves only a tail.
 * Deleting (retention): commit the removal of the rows first, THEN delete the file.
 *
 * So a crash (kill -9, power loss) at any point leaves: a file with no row (created, row not yet
 * committed; or rows deleted, file not yet), or a tail after the last committed segment (written,
 * row not yet committed). Start-up reconciliation (StoreReconciler) deletes the first and truncates
 * the second; it never needs to guess. A failed write or commit truncates the file back at once,
 * so a writer that keeps going never leaves garbage between two committed fragments.
 */

/// <summary>Appends fragments to one recording file; see the invariant above.</summary>
internal sealed class RecordingFileWriter : IRecordingFileWriter
{
    private readonly SegmentStore _store;
    private readonly FileStream _file;
    private readonly Stream _output;
    private readonly string _deviceId, _dataType;
    private long _lastEndUtcMicros = long.MinValue;
    private int _busy;
    private bool _broken, _disposed;

    internal RecordingFileWriter(SegmentStore store, long fileId, string deviceId, string dataType, FileStream file, Stream output)
    {
        _store = store;
        FileId = fileId;
        _deviceId = deviceId;
        _dataType = dataType;
        _file = file;
        _output = output;
        LengthBytes = file.Length;
    }

    public long FileId { get; }

    /// <summary>Committed length: init segment + committed fragments. Nothing past it is kept.</summary>
    public long LengthBytes { get; private set; }

    public async Task<SegmentInfo> AppendSegmentAsync(FragmentBytes fragment, long startUtcMicros, long endUtcMicros, SegmentFlags flags, CancellationToken ct) =>
        (await AppendSegmentsAsync([new FragmentToAppend(fragment, startUtcMicros, endUtcMicros, flags)], ct))[0];

    /// <summary>Several fragments at once: written one after the other, ONE fsync, then all rows in one transaction.</summary>
    public async Task<IReadOnlyList<SegmentInfo>> AppendSegmentsAsync(IReadOnlyList<FragmentToAppend> fragments, CancellationToken ct)
    {
        if (fragments.Count == 0) return [];
        var lastEnd = _lastEndUtcMicros;
        foreach (var f in fragments)
        {
            if (f.Fragment.IsEmpty) throw new ArgumentException("A fragment holds at least moof+mdat.", nameof(fragments));
            if (f.EndUtcMicros <= f.StartUtcMicros || f.EndUtcMicros - f.StartUtcMicros > SegmentCatalog.MaxSegmentDurationMicros)
                throw new ArgumentOutOfRangeException(nameof(fragments), $"A segment lasts more than 0 and at most {SegmentCatalog.MaxSegmentDurationMicros} µs.");
            if (f.StartUtcMicros < lastEnd)
                throw new ArgumentOutOfRangeException(nameof(fragments), "Segments of a file must not overlap or go back in time.");
            lastEnd = f.EndUtcMicros;
        }
        ct.ThrowIfCancellationRequested(); // last point where cancelling leaves nothing behind
        if (Interlocked.Exchange(ref _busy, 1) == 1) throw new InvalidOperationException("One append at a time per recording file.");
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_broken) throw new IOException($"Recording file {FileId} could not be restored after a failed write; open a new file.");
            var offset = LengthBytes;
            WriteDurably(offset, fragments);
            var segments = new List<SegmentInfo>(fragments.Count);
            var at = offset;
            foreach (var f in fragments)
            {
                segments.Add(new SegmentInfo(_deviceId, _dataType, f.StartUtcMicros, f.EndUtcMicros, FileId, at, f.Fragment.Length, f.Flags));
                at += f.Fragment.Length;
            }
            try
            {
                await _store.CommitSegmentsAsync(segments);
            }
            catch (Exception e)
            {
                TruncateTo(offset);
                if (e is SqliteException { SqliteErrorCode: 13 }) throw new StorageFullException("The media volume is full: the catalog could not commit the segment.", e);
                throw;
            }
            LengthBytes = at;
            _lastEndUtcMicros = lastEnd;
            foreach (var segment in segments) _store.RaiseCommitted(segment);
            return segments;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>The fragments written at the committed end and one fsync. Any I/O failure restores the previous length.</summary>
    private void WriteDurably(long offset, IReadOnlyList<FragmentToAppend> fragments)
    {
        try
        {
            _file.Position = offset;
            foreach (var f in fragments)
                foreach (var piece in f.Fragment.Pieces) _output.Write(piece.Span);
            _output.Flush();
            _file.Flush(flushToDisk: true);
            // From a 2 MiB boundary before the append: the cache drops whole folios only (up to 2 MiB on
            // ext4/XFS), so the one this append began in goes now, with its tail, as everything before is durable.
            if (_store.DropWrittenPages) DurableFileSystem.DropCachedPages(_file.SafeFileHandle, offset & ~(DropAlignment - 1), _file.Length);
        }
        catch (IOException e)
        {
            TruncateTo(offset);
            // ENOSPC and every other write failure mean the same to the recorder: drop this segment,
            // keep running, retry with the next one. The cause stays in the inner exception.
            throw new StorageFullException(IsDiskFull(e)
                ? $"The media volume is full: segment not stored in file {FileId}."
                : $"Writing to recording file {FileId} failed: {e.Message}", e);
        }
    }

    private const long DropAlignment = 2L << 20;

    private void TruncateTo(long lengthBytes)
    {
        try
        {
            if (_file.Length != lengthBytes) _file.SetLength(lengthBytes);
            _file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // The tail is garbage either way (no row points at it); reconciliation cuts it at the next start.
            // But later fragments must not be appended after unknown bytes: stop using this file.
            _broken = true;
        }
    }

    /// <summary>ENOSPC (28) / EDQUOT (122 Linux, 69 macOS) on Unix, where .NET puts the errno in HResult; ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    internal static bool IsDiskFull(IOException e) => OperatingSystem.IsWindows()
        ? e.HResult is unchecked((int)0x80070070) or unchecked((int)0x80070027)
        : e.HResult is 28 || (OperatingSystem.IsLinux() ? e.HResult == 122 : e.HResult == 69);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _file.DisposeAsync();
        _store.Unregister(FileId);
    }
}
