using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// The recording files an archiving server appends taken segments to: one open file per device and
/// data type, as a recorder keeps one, so a month of archived segments is hours of files, not
/// millions. A segment goes to a new file when its init segment differs from the file's (another
/// recording session of the source), when it starts before the file's last segment ended (taken from
/// another source), or when the file would pass <see cref="SegmentStore.MaxFileDuration"/> or
/// <see cref="SegmentStore.MaxFileBytes"/>. Files nobody appended to during a pass are closed, so
/// retention and the tier mover may take them. Used by one pass at a time (not thread-safe).
/// </summary>
public sealed class ArchiveWriters(SegmentStore store) : IAsyncDisposable
{
    private static readonly long MaxFileMicros = (long)SegmentStore.MaxFileDuration.TotalMicroseconds;
    private readonly Dictionary<(string DeviceId, string DataType), OpenFile> _open = [];

    /// <summary>Appends one segment durably (written, fsync'ed, committed: see <see cref="IRecordingFileWriter"/>).</summary>
    public async Task<SegmentInfo> AppendAsync(string deviceId, string dataType, ReadOnlyMemory<byte> init, ReadOnlyMemory<byte> fragment,
        long startUtcMicros, long endUtcMicros, SegmentFlags flags, CancellationToken ct)
    {
        var key = (deviceId, dataType);
        if (_open.TryGetValue(key, out var file) && !file.Takes(init.Span, fragment.Length, startUtcMicros, endUtcMicros))
        {
            _open.Remove(key);
            await file.Writer.DisposeAsync();
            file = null;
        }
        if (file is null)
        {
            file = new OpenFile(await store.OpenFileAsync(deviceId, dataType, startUtcMicros, init, ct), init.ToArray(), startUtcMicros);
            _open[key] = file;
        }
        try
        {
            var segment = await file.Writer.AppendSegmentAsync(fragment, startUtcMicros, endUtcMicros, flags, ct);
            (file.LastEndUtcMicros, file.Used) = (endUtcMicros, true);
            return segment;
        }
        catch
        {
            // The file is as it was before the attempt (or unusable): the next segment starts a new one.
            _open.Remove(key);
            await file.Writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the files nothing was appended to since the last call.</summary>
    public async Task CloseIdleAsync()
    {
        foreach (var (key, file) in _open.ToList())
        {
            if (file.Used)
            {
                file.Used = false;
                continue;
            }
            _open.Remove(key);
            await file.Writer.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var file in _open.Values) await file.Writer.DisposeAsync();
        _open.Clear();
    }

    private sealed class OpenFile(IRecordingFileWriter writer, byte[] init, long firstStartUtcMicros)
    {
        public IRecordingFileWriter Writer { get; } = writer;
        public long LastEndUtcMicros { get; set; } = long.MinValue;
        public bool Used { get; set; }

        public bool Takes(ReadOnlySpan<byte> segmentInit, int fragmentBytes, long startUtcMicros, long endUtcMicros) =>
            segmentInit.SequenceEqual(init)
            && startUtcMicros >= LastEndUtcMicros
            && endUtcMicros - firstStartUtcMicros <= MaxFileMicros
            && Writer.LengthBytes + fragmentBytes <= SegmentStore.MaxFileBytes;
    }
}
