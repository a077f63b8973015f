using VmsServices.Media.Mp4;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Recorder;

/// <summary>
/// A test double of the segment store for unit tests of one recorder: files and segments in memory,
/// and an injectable full volume. The real store has its own tests.
/// </summary>
internal sealed class InMemorySegmentStore : ISegmentStore
{
    internal sealed class File(long id, string deviceId, string dataType, byte[] init)
    {
        public long Id { get; } = id;
        public string DeviceId { get; } = deviceId;
        public string DataType { get; } = dataType;
        public byte[] Init { get; } = init;
        public List<byte[]> Fragments { get; } = [];
        public bool Disposed { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly List<File> _files = [];
    private readonly List<SegmentInfo> _segments = [];
    private long _nextId = 1;

    /// <summary>Appends with these 1-based ordinals (over all appends) throw <see cref="StorageFullException"/>.</summary>
    public HashSet<int> FullOnAppend { get; } = [];
    public int Appends { get; private set; }

    public event Action<SegmentInfo>? SegmentCommitted;

    public IReadOnlyList<File> Files { get { lock (_gate) return _files.ToList(); } }

    public IReadOnlyList<SegmentInfo> Segments(string dataType = "video")
    {
        lock (_gate) return _segments.Where(s => s.DataType == dataType).ToList();
    }

    public Task<IRecordingFileWriter> OpenFileAsync(string deviceId, string dataType, long startUtcMicros, ReadOnlyMemory<byte> initSegment, CancellationToken ct)
    {
        lock (_gate)
        {
            var file = new File(_nextId++, deviceId, dataType, initSegment.ToArray());
            _files.Add(file);
            return Task.FromResult<IRecordingFileWriter>(new Writer(this, file));
        }
    }

    public Task<IReadOnlyList<SegmentInfo>> ListAsync(string deviceId, string dataType, long fromUtcMicros, long toUtcMicros, CancellationToken ct, int limit = int.MaxValue)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<SegmentInfo>>(_segments
                .Where(s => s.DeviceId == deviceId && s.DataType == dataType && s.EndUtcMicros > fromUtcMicros && s.StartUtcMicros < toUtcMicros)
                .OrderBy(s => s.StartUtcMicros).Take(limit).ToList());
    }

    private sealed class Writer(InMemorySegmentStore store, File file) : IRecordingFileWriter
    {
        private long _length = file.Init.Length;

        public long FileId => file.Id;
        public long LengthBytes => _length;

        public async Task<SegmentInfo> AppendSegmentAsync(FragmentBytes fragment, long startUtcMicros, long endUtcMicros, SegmentFlags flags, CancellationToken ct)
        {
            await Task.Yield(); // like real I/O, completes asynchronously
            SegmentInfo info;
            lock (store._gate)
            {
                if (file.Disposed) throw new ObjectDisposedException("writer");
                if (store.FullOnAppend.Contains(++store.Appends)) throw new StorageFullException("test volume is full");
                info = new SegmentInfo(file.DeviceId, file.DataType, startUtcMicros, endUtcMicros, file.Id, _length, fragment.Length, flags);
                file.Fragments.Add(fragment.ToArray());
                _length += fragment.Length;
                store._segments.Add(info);
            }
            store.SegmentCommitted?.Invoke(info);
            return info;
        }

        // The recorder under test appends one segment at a time; batches are the real store's (ArchiveServer/BatchedAppendTests).
        public async Task<IReadOnlyList<SegmentInfo>> AppendSegmentsAsync(IReadOnlyList<FragmentToAppend> fragments, CancellationToken ct)
        {
            var stored = new List<SegmentInfo>(fragments.Count);
            foreach (var f in fragments) stored.Add(await AppendSegmentAsync(f.Fragment, f.StartUtcMicros, f.EndUtcMicros, f.Flags, ct));
            return stored;
        }

        public ValueTask DisposeAsync()
        {
            lock (store._gate) file.Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
