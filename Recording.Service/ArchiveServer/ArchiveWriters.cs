using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// The recording files an archiving server appends taken segments to: one open file per device and
/// data type, as a recorder keeps one, so a month of archived segments is hours of files, not
/// millions. A segment goes to a new file when its init segment differs from the file's (another
/// recording session of the source), when it starts before the file's last segment ended (taken from
/// another source), or when the file would pass <see cref="SegmentStore.MaxFileDuration"/> or
/// <see cref="SegmentStore.MaxFileBytes"/>. Segments that go to the same file are appended together
/// (one fsync, one catalog transaction). Files nobody appended to during a pass are closed, so
/// retention and the tier mover may take them. Used by one store step at a time (not thread-safe).
/// </summary>
public sealed class ArchiveWriters(SegmentStore store) : IAsyncDisposable
{
    private static readonly long MaxFileMicros = (long)SegmentStore.MaxFileDuration.TotalMicroseconds;
    private readonly Dictionary<(string DeviceId, string DataType), OpenFile> _open = [];

    /// <summary>Appends the segments, in order, durably (written, fsync'ed, committed: see <see cref="IRecordingFileWriter"/>).</summary>
    public async Task<IReadOnlyList<SegmentInfo>> AppendAsync(string deviceId, string dataType, IReadOnlyList<PreparedSegment> segments, CancellationToken ct)
    {
        var key = (deviceId, dataType);
        var stored = new List<SegmentInfo>(segments.Count);
        for (var i = 0; i < segments.Count;)
        {
            var file = await FileForAsync(key, segments[i], ct);
            var run = new List<FragmentToAppend>();
            var (length, lastEnd) = (file.Writer.LengthBytes, file.LastEndUtcMicros);
            for (; i < segments.Count && file.Takes(segments[i], length, lastEnd); i++)
            {
                var s = segments[i];
                run.Add(new FragmentToAppend(s.Fragment, s.Segment.StartUtcMicros, s.Segment.EndUtcMicros, s.Segment.AfterGap ? SegmentFlags.AfterGap : SegmentFlags.None));
                (length, lastEnd) = (length + s.Fragment.Length, s.Segment.EndUtcMicros);
            }
            stored.AddRange(await AppendRunAsync(key, file, run, ct));
        }
        return stored;
    }

    /// <summary>The open file if it takes <paramref name="first"/>, otherwise a new one starting with its init segment.</summary>
    private async Task<OpenFile> FileForAsync((string DeviceId, string DataType) key, PreparedSegment first, CancellationToken ct)
    {
        if (_open.TryGetValue(key, out var file))
        {
            if (file.Takes(first, file.Writer.LengthBytes, file.LastEndUtcMicros)) return file;
            _open.Remove(key);
            await file.Writer.DisposeAsync();
        }
        var writer = await store.OpenFileAsync(key.DeviceId, key.DataType, first.Segment.StartUtcMicros, first.Init, ct);
        file = new OpenFile(writer, first.Init.ToArray(), first.Segment.StartUtcMicros);
        if (!file.Takes(first, writer.LengthBytes, file.LastEndUtcMicros))
        {
            await writer.DisposeAsync();
            throw new InvalidOperationException($"Segment {key.DeviceId}/{key.DataType}/{first.Segment.StartUtcMicros} does not fit in a recording file of its own.");
        }
        return _open[key] = file;
    }

    private async Task<IReadOnlyList<SegmentInfo>> AppendRunAsync((string DeviceId, string DataType) key, OpenFile file, List<FragmentToAppend> run, CancellationToken ct)
    {
        try
        {
            var stored = await file.Writer.AppendSegmentsAsync(run, ct);
            (file.LastEndUtcMicros, file.Used) = (run[^1].EndUtcMicros, true);
            return stored;
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

        /// <summary>Whether the segment may follow, the file being <paramref name="lengthBytes"/> long and its last segment ending at <paramref name="lastEndUtcMicros"/>.</summary>
        public bool Takes(PreparedSegment segment, long lengthBytes, long lastEndUtcMicros) =>
            segment.Init.Span.SequenceEqual(init)
            && segment.Segment.StartUtcMicros >= lastEndUtcMicros
            && segment.Segment.EndUtcMicros - firstStartUtcMicros <= MaxFileMicros
            && lengthBytes + segment.Fragment.Length <= SegmentStore.MaxFileBytes;
    }
}
