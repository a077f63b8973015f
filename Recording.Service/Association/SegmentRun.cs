namespace VmsServices.Recording.Association;

/// <summary>
/// The segments of one device and data type held by one recording server (seed 000, field 715 of
/// FIG. 7A for one row): sorted parallel arrays of starts and ends in UTC microseconds, 16 bytes a
/// segment. Segments arrive in order, so adding is an append; an out-of-order segment is inserted
/// in place, a known start only updates its end. Look-ups are binary searches and allocate nothing.
/// Not thread-safe by itself: <see cref="DeviceAssociation"/> guards it.
/// </summary>
public sealed class SegmentRun
{
    private long[] _starts;
    private long[] _ends;

    public SegmentRun(int capacity = 16)
    {
        _starts = new long[Math.Max(capacity, 4)];
        _ends = new long[_starts.Length];
    }

    public int Count { get; private set; }

    public long StartAt(int index) => _starts[index];

    public long EndAt(int index) => _ends[index];

    public long FirstStart => Count == 0 ? 0 : _starts[0];

    public long LastEnd => Count == 0 ? 0 : _ends[Count - 1];

    /// <summary>Bytes the arrays take (capacity, not count).</summary>
    public long CapacityBytes => (long)_starts.Length * sizeof(long) * 2;

    public void Add(long start, long end)
    {
        if (Count == 0 || start > _starts[Count - 1])
        {
            EnsureCapacity(Count + 1);
            _starts[Count] = start;
            _ends[Count] = end;
            Count++;
            return;
        }
        var i = Array.BinarySearch(_starts, 0, Count, start);
        if (i >= 0)
        {
            _ends[i] = end; // the same segment announced again (duplicate event, resync)
            return;
        }
        i = ~i;
        EnsureCapacity(Count + 1);
        Array.Copy(_starts, i, _starts, i + 1, Count - i);
        Array.Copy(_ends, i, _ends, i + 1, Count - i);
        _starts[i] = start;
        _ends[i] = end;
        Count++;
    }

    /// <summary>Index of the segment starting exactly at <paramref name="start"/> (its identity), or -1.</summary>
    public int IndexOfStart(long start)
    {
        var i = Array.BinarySearch(_starts, 0, Count, start);
        return i >= 0 ? i : -1;
    }

    /// <summary>Index of the segment whose [start, end) contains <paramref name="instant"/>, or -1.</summary>
    public int IndexContaining(long instant)
    {
        var i = Array.BinarySearch(_starts, 0, Count, instant);
        if (i < 0) i = ~i - 1; // the last segment starting before the instant
        return i >= 0 && instant < _ends[i] ? i : -1;
    }

    /// <summary>Index of the first segment that overlaps [from, ∞) given segments never overlap each other.</summary>
    public int FirstOverlapping(long from)
    {
        var i = Array.BinarySearch(_starts, 0, Count, from);
        if (i >= 0) return i;
        i = ~i;
        return i > 0 && _ends[i - 1] > from ? i - 1 : i;
    }

    /// <summary>Removes the segments with these starts (any order; unknown ones are ignored) in one compacting pass.</summary>
    public int RemoveStarts(IEnumerable<long> starts)
    {
        var doomed = new List<int>();
        foreach (var s in starts)
        {
            var i = IndexOfStart(s);
            if (i >= 0) doomed.Add(i);
        }
        if (doomed.Count == 0) return 0;
        doomed.Sort();
        int write = doomed[0], d = 0, removed = 0;
        for (var read = doomed[0]; read < Count; read++)
        {
            if (d < doomed.Count && doomed[d] == read)
            {
                while (d < doomed.Count && doomed[d] == read) d++; // duplicates in the input
                removed++;
                continue;
            }
            _starts[write] = _starts[read];
            _ends[write] = _ends[read];
            write++;
        }
        Count = write;
        return removed;
    }

    public void Clear() => Count = 0;

    private void EnsureCapacity(int needed)
    {
        if (needed <= _starts.Length) return;
        var size = Math.Max(needed, _starts.Length * 2);
        Array.Resize(ref _starts, size);
        Array.Resize(ref _ends, size);
    }
}
