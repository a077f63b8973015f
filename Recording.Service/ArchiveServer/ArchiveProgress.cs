using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Api;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// What an archiving server knows of its transfers, for <c>GET /api/archive</c>: per source and
/// device what the source holds and what is due there, per source whether it answered, the pass
/// under way and the last one, and totals since start. In memory: the next pass after a restart
/// fills it again. Thread-safe (the pass writes, the API reads).
/// </summary>
public sealed class ArchiveProgress(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Source, string DeviceId, string DataType), SourceDevice> _devices = [];
    private readonly Dictionary<string, ArchiveSourceReport> _sources = new(StringComparer.Ordinal);
    private Pass? _current;
    private ArchivePassReport? _last;
    private long? _cutoff;
    private long _segments, _bytes, _confirmed;
    private TimeSpan _transferTime;

    public void BeginPass(long cutoffUtcMicros, IReadOnlyCollection<string> sourceIds)
    {
        lock (_gate)
        {
            (_current, _cutoff) = (new Pass(clock.Now()), cutoffUtcMicros);
            foreach (var gone in _sources.Keys.Where(id => !sourceIds.Contains(id)).ToList()) _sources.Remove(gone);
            foreach (var key in _devices.Keys.Where(k => !sourceIds.Contains(k.Source)).ToList()) _devices.Remove(key);
        }
    }

    public void EndPass()
    {
        lock (_gate)
        {
            if (_current is null) return;
            _last = _current.Report(clock.Now());
            _current = null;
        }
    }

    /// <summary>A source listed its holdings: they replace what was known of it (devices it no longer lists are forgotten).</summary>
    public void SourceAnswered(RecordingServerRecord source, IReadOnlyList<DeviceStorageStats> holdings)
    {
        var now = clock.Now();
        lock (_gate)
        {
            _sources[source.Id] = new ArchiveSourceReport(source.Id, source.Address, now, null);
            var listed = holdings.Select(h => (source.Id, h.DeviceId, h.DataType)).ToHashSet();
            foreach (var key in _devices.Keys.Where(k => k.Source == source.Id && !listed.Contains(k)).ToList()) _devices.Remove(key);
            foreach (var h in holdings)
            {
                var key = (source.Id, h.DeviceId, h.DataType);
                var pending = _devices.TryGetValue(key, out var known) ? known.Pending : TierStats.Empty;
                _devices[key] = new SourceDevice(new TierStats(h.SegmentCount, h.SizeBytes, h.OldestUtcMicros, h.NewestUtcMicros), pending, now);
            }
        }
    }

    public void SourceFailed(RecordingServerRecord source, string error)
    {
        lock (_gate) _sources[source.Id] = new ArchiveSourceReport(source.Id, source.Address, _sources.GetValueOrDefault(source.Id)?.LastContactUtcMicros, error);
    }

    /// <summary>A page of due segments was listed; the first page of a pass replaces the pending figure, later ones add to it.</summary>
    public void Listed(string source, string deviceId, string dataType, IReadOnlyList<SegmentDto> page, bool firstPage)
    {
        var due = new TierStats(page.Count, page.Sum(s => s.SizeBytes), page.Count == 0 ? null : page.Min(s => s.StartUtcMicros), page.Count == 0 ? null : page.Max(s => s.EndUtcMicros));
        lock (_gate)
        {
            var key = (source, deviceId, dataType);
            var known = _devices.GetValueOrDefault(key) ?? new SourceDevice(TierStats.Empty, TierStats.Empty, clock.Now());
            _devices[key] = known with { Pending = firstPage ? due : known.Pending.Plus(due) };
        }
    }

    public void Transferred(long bytes, TimeSpan elapsed)
    {
        lock (_gate)
        {
            (_segments, _bytes, _transferTime) = (_segments + 1, _bytes + bytes, _transferTime + elapsed);
            if (_current is not null) (_current.Segments, _current.Bytes) = (_current.Segments + 1, _current.Bytes + bytes);
        }
    }

    public void Rejected()
    {
        lock (_gate) if (_current is not null) _current.Rejected++;
    }

    /// <summary>Segments confirmed to their source: they leave its live and pending figures (the source deletes them).</summary>
    public void Confirmed(string source, string deviceId, string dataType, int count, long bytes)
    {
        lock (_gate)
        {
            _confirmed += count;
            if (_current is not null) _current.Confirmed += count;
            if (!_devices.TryGetValue((source, deviceId, dataType), out var known)) return;
            _devices[(source, deviceId, dataType)] = known with { Live = Less(known.Live, count, bytes), Pending = Less(known.Pending, count, bytes) };
        }
    }

    /// <summary>Per (device, data type): each source's figures.</summary>
    public IReadOnlyDictionary<(string DeviceId, string DataType), List<SourceDeviceReport>> Devices()
    {
        lock (_gate)
            return _devices.GroupBy(d => (d.Key.DeviceId, d.Key.DataType))
                .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Key.Source, StringComparer.Ordinal)
                    .Select(d => new SourceDeviceReport(d.Key.Source, d.Value.Live, d.Value.Pending, d.Value.CheckedUtcMicros)).ToList());
    }

    public ArchiveServerStatus Status(ArchiveServerSettings settings)
    {
        lock (_gate)
        {
            var seconds = _transferTime.TotalSeconds;
            return new ArchiveServerStatus(settings.MoveAfter, settings.MaxBytesPerSecond, _cutoff, _current?.Report(null), _last,
                new ArchiveTotals(_segments, _bytes, _confirmed, seconds, seconds > 0 ? _bytes / seconds : 0),
                _sources.Values.OrderBy(s => s.RecordingServerId, StringComparer.Ordinal).ToList());
        }
    }

    private static TierStats Less(TierStats stats, int count, long bytes) => stats.SegmentCount <= count
        ? TierStats.Empty
        : stats with { SegmentCount = stats.SegmentCount - count, SizeBytes = Math.Max(0, stats.SizeBytes - bytes) };

    private sealed record SourceDevice(TierStats Live, TierStats Pending, long CheckedUtcMicros);

    private sealed class Pass(long startedUtcMicros)
    {
        public long Segments, Bytes, Confirmed, Rejected;

        public ArchivePassReport Report(long? endedUtcMicros) => new(startedUtcMicros, endedUtcMicros, Segments, Bytes, Confirmed, Rejected);
    }
}
