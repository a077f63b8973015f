using VmsServices.Messages;

namespace VmsServices.Recording.Association;

/// <summary>Where one segment is: the recording server holding it and its interval [start, end) in UTC µs.</summary>
public readonly record struct SegmentLocation(string RecordingServerId, long StartUtcMicros, long EndUtcMicros);

/// <summary>One holder row of a device and data type, as <c>GET /api/association</c> shows it.</summary>
public sealed record HolderSummary(string RecordingServerId, bool IsCurrent, bool IsLocal, long SegmentCount, long? FirstStartUtcMicros, long? LastEndUtcMicros);

/// <summary>
/// The rows of the association table (seed 000 FIG. 7A/7B) for one device and data type: fields
/// 701-704 copied from the configuration copy (holder, current flag) plus field 715, the segments
/// each peer holds. This server's own segments are not mirrored here: its catalog already is an
/// O(log n) index of them (see <see cref="AssociationTable"/>). Many readers, one writer at a time,
/// via a ReaderWriterLockSlim; read paths allocate nothing.
/// </summary>
public sealed class DeviceAssociation(string deviceId, string dataType, string localServerId)
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<ResyncLog> _resyncs = [];
    private Holder[] _holders = [];

    public string DeviceId { get; } = deviceId;
    public string DataType { get; } = dataType;

    /// <summary>The current recording server (field 704 = 1), or null if no row is current.</summary>
    public string? CurrentServerId { get; private set; }

    /// <summary>Replaces the rows from the copy; returns the peers that were not rows before (to resynchronize).</summary>
    public List<string> SetRows(IEnumerable<ConfigurationEntry> entries)
    {
        var added = new List<string>();
        _lock.EnterWriteLock();
        try
        {
            var next = new List<Holder>();
            string? current = null;
            foreach (var e in entries.OrderBy(e => e.RecordingServerId, StringComparer.Ordinal))
            {
                var old = Array.Find(_holders, h => h.ServerId == e.RecordingServerId);
                var isLocal = e.RecordingServerId == localServerId;
                if (old is null && !isLocal) added.Add(e.RecordingServerId);
                next.Add(new Holder(e.RecordingServerId, e.IsCurrent, isLocal, old?.Run ?? new SegmentRun()));
                if (e.IsCurrent) current = e.RecordingServerId;
            }
            _holders = next.ToArray(); // a holder no longer named (retired row, [0081]) is forgotten with its segments
            CurrentServerId = current;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
        return added;
    }

    public bool HasRemoteHolder(string serverId)
    {
        _lock.EnterReadLock();
        try { return RemoteRun(serverId) is not null; }
        finally { _lock.ExitReadLock(); }
    }

    public IReadOnlyList<string> RemoteHolders()
    {
        _lock.EnterReadLock();
        try { return _holders.Where(h => !h.IsLocal).Select(h => h.ServerId).ToList(); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds segments a peer stored ([0077]); false if the copy does not name that peer for this device.</summary>
    public bool Add(string serverId, IEnumerable<(long Start, long End)> segments)
    {
        _lock.EnterWriteLock();
        try
        {
            var run = RemoteRun(serverId);
            if (run is null) return false;
            var list = segments as IReadOnlyList<(long, long)> ?? segments.ToList();
            foreach (var (start, end) in list) run.Add(start, end);
            Log(serverId, new ResyncOp(list, null));
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes segments a peer deleted; <paramref name="holdsNoMore"/> empties its row (the row itself goes with the copy, [0081]).</summary>
    public bool Remove(string serverId, IEnumerable<long> starts, bool holdsNoMore)
    {
        _lock.EnterWriteLock();
        try
        {
            var run = RemoteRun(serverId);
            if (run is null) return false;
            var list = holdsNoMore ? null : starts as IReadOnlyList<long> ?? starts.ToList();
            if (list is null) run.Clear();
            else run.RemoveStarts(list);
            Log(serverId, new ResyncOp(null, list));
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Starts a resynchronization of one peer ([0075]-[0080]): from now until <see cref="EndResync"/>,
    /// events for that peer are also logged, so a list that was produced before them loses nothing.
    /// </summary>
    public ResyncLog BeginResync(string serverId)
    {
        _lock.EnterWriteLock();
        try
        {
            var log = new ResyncLog(serverId);
            _resyncs.Add(log);
            return log;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Ends a resynchronization: with the peer's list, its segments become that list plus whatever
    /// events arrived meanwhile (replayed in order); without (peer down), nothing changes.
    /// </summary>
    public bool EndResync(ResyncLog log, IReadOnlyList<(long Start, long End)>? sortedSegments)
    {
        _lock.EnterWriteLock();
        try
        {
            _resyncs.Remove(log);
            if (sortedSegments is null) return false;
            var index = Array.FindIndex(_holders, h => h.ServerId == log.ServerId && !h.IsLocal);
            if (index < 0) return false;
            var run = new SegmentRun(sortedSegments.Count + 16);
            foreach (var (start, end) in sortedSegments) run.Add(start, end);
            foreach (var op in log.Ops)
            {
                if (op.Removed is { } starts) run.RemoveStarts(starts);
                else if (op.Added is { } added) foreach (var (start, end) in added) run.Add(start, end);
                else run.Clear();
            }
            _holders[index] = _holders[index] with { Run = run };
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The peer holding the segment that starts at <paramref name="start"/> (its identity). O(log n) per holder.</summary>
    public bool TryFindSegment(long start, out SegmentLocation location)
    {
        _lock.EnterReadLock();
        try
        {
            foreach (var h in _holders)
            {
                var i = h.Run.IndexOfStart(start);
                if (i >= 0) { location = new SegmentLocation(h.ServerId, start, h.Run.EndAt(i)); return true; }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        location = default;
        return false;
    }

    /// <summary>The peer holding the instant <paramref name="instantUtcMicros"/>. O(log n) per holder.</summary>
    public bool TryFindInstant(long instantUtcMicros, out SegmentLocation location)
    {
        _lock.EnterReadLock();
        try
        {
            foreach (var h in _holders)
            {
                var i = h.Run.IndexContaining(instantUtcMicros);
                if (i >= 0) { location = new SegmentLocation(h.ServerId, h.Run.StartAt(i), h.Run.EndAt(i)); return true; }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        location = default;
        return false;
    }

    /// <summary>Adds to <paramref name="into"/> up to <paramref name="limit"/> segments per peer overlapping [from, to), then sorts by start.</summary>
    public void CollectRemote(long fromUtcMicros, long toUtcMicros, int limit, List<SegmentLocation> into)
    {
        var first = into.Count;
        _lock.EnterReadLock();
        try
        {
            foreach (var h in _holders)
            {
                var taken = 0;
                for (var i = h.Run.FirstOverlapping(fromUtcMicros); i < h.Run.Count && h.Run.StartAt(i) < toUtcMicros && taken < limit; i++, taken++)
                    into.Add(new SegmentLocation(h.ServerId, h.Run.StartAt(i), h.Run.EndAt(i)));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        into.Sort(first, into.Count - first, LocationByStart.Instance);
    }

    public List<HolderSummary> Summaries()
    {
        _lock.EnterReadLock();
        try
        {
            return _holders.Select(h => new HolderSummary(h.ServerId, h.IsCurrent, h.IsLocal, h.Run.Count,
                h.Run.Count == 0 ? null : h.Run.FirstStart, h.Run.Count == 0 ? null : h.Run.LastEnd)).ToList();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Bytes the segment arrays of all peers take.</summary>
    public long SegmentBytes()
    {
        _lock.EnterReadLock();
        try { return _holders.Sum(h => h.Run.CapacityBytes); }
        finally { _lock.ExitReadLock(); }
    }

    private SegmentRun? RemoteRun(string serverId)
    {
        foreach (var h in _holders)
            if (h.ServerId == serverId) return h.IsLocal ? null : h.Run;
        return null;
    }

    private void Log(string serverId, ResyncOp op)
    {
        foreach (var log in _resyncs)
            if (log.ServerId == serverId) log.Ops.Add(op);
    }

    /// <summary>Events received for one peer while its list was being fetched.</summary>
    public sealed class ResyncLog(string serverId)
    {
        internal string ServerId { get; } = serverId;
        internal List<ResyncOp> Ops { get; } = [];
    }

    /// <summary>One logged event: segments added, starts removed, or (both null) the peer holds no more.</summary>
    internal sealed record ResyncOp(IReadOnlyList<(long Start, long End)>? Added, IReadOnlyList<long>? Removed);

    private sealed record Holder(string ServerId, bool IsCurrent, bool IsLocal, SegmentRun Run);

    private sealed class LocationByStart : IComparer<SegmentLocation>
    {
        public static readonly LocationByStart Instance = new();
        public int Compare(SegmentLocation a, SegmentLocation b) => a.StartUtcMicros.CompareTo(b.StartUtcMicros);
    }
}
