using System.Buffers;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Audio samples waiting for the next video cut. The cut instant is only known when the next
/// video key frame arrives, and audio may arrive ahead of it, so audio is held (copied: the
/// sample buffer is only valid during the callback) until it can be assigned to the segment
/// whose [start, end) contains it. Pooled arrays, no per-sample allocation in steady state.
/// </summary>
internal sealed class AudioQueue : IDisposable
{
    internal struct Entry
    {
        public int Slot;
        public long RtpTimestamp;
        public long WallUtcMicros;
        public int Offset;
        public int Length;
        /// <summary>Scratch for the flush: RTP ticks until the next sample of the same track.</summary>
        public long DurationTicks;
    }

    private Entry[] _items = ArrayPool<Entry>.Shared.Rent(64);
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _bytesUsed;

    public int Count { get; private set; }

    public ref Entry this[int index] => ref _items[index];

    public ReadOnlySpan<byte> Data(in Entry item) => _bytes.AsSpan(item.Offset, item.Length);

    public void Enqueue(int slot, long rtpTimestamp, long wallUtcMicros, ReadOnlySpan<byte> data)
    {
        if (Count == _items.Length) Grow(ref _items, _items.Length * 2, Count);
        if (_bytesUsed + data.Length > _bytes.Length) Grow(ref _bytes, Math.Max(_bytes.Length * 2, _bytesUsed + data.Length), _bytesUsed);
        data.CopyTo(_bytes.AsSpan(_bytesUsed));
        _items[Count++] = new Entry { Slot = slot, RtpTimestamp = rtpTimestamp, WallUtcMicros = wallUtcMicros, Offset = _bytesUsed, Length = data.Length };
        _bytesUsed += data.Length;
    }

    /// <summary>RTP timestamp of the next queued sample of <paramref name="slot"/> after <paramref name="index"/>, if any.</summary>
    public long? NextTimestamp(int index, int slot)
    {
        for (int i = index + 1; i < Count; i++)
            if (_items[i].Slot == slot) return _items[i].RtpTimestamp;
        return null;
    }

    /// <summary>Keeps only the items with WallUtcMicros &gt;= <paramref name="cutUtcMicros"/>, in order.</summary>
    public void RemoveBefore(long cutUtcMicros)
    {
        int kept = 0, bytes = 0;
        for (int i = 0; i < Count; i++)
        {
            Entry item = _items[i];
            if (item.WallUtcMicros < cutUtcMicros) continue;
            // Span.CopyTo has memmove semantics, so moving bytes down within one array is safe.
            _bytes.AsSpan(item.Offset, item.Length).CopyTo(_bytes.AsSpan(bytes));
            item.Offset = bytes;
            bytes += item.Length;
            _items[kept++] = item;
        }
        Count = kept;
        _bytesUsed = bytes;
    }

    /// <summary>Moves the wall times of queued samples (the video timeline was re-anchored).</summary>
    public void Shift(long deltaMicros)
    {
        for (int i = 0; i < Count; i++) _items[i].WallUtcMicros += deltaMicros;
    }

    public void Clear()
    {
        Count = 0;
        _bytesUsed = 0;
    }

    public void Dispose()
    {
        if (_items.Length > 0) ArrayPool<Entry>.Shared.Return(_items);
        if (_bytes.Length > 0) ArrayPool<byte>.Shared.Return(_bytes);
        _items = [];
        _bytes = [];
        Clear();
    }

    private static void Grow<T>(ref T[] array, int size, int used)
    {
        T[] bigger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }
}
