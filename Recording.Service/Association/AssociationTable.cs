using System.Collections.Concurrent;
using VmsServices.Messages;

namespace VmsServices.Recording.Association;

/// <summary>
/// The association table of this recording server (seed 000 [0067]-[0068], FIG. 7A/7B): for every
/// device and data type of its configuration copy, which recording server holds which segments.
/// Built from the copy (rows, current flag, peers' addresses) and the peers' segment lists; kept
/// current by SegmentsStored / SegmentsDeleted ([0074], [0077]) and resynchronization
/// (<see cref="AssociationSynchronizer"/>).
///
/// Design choice: this server's OWN segments are not mirrored here. Its catalog is already a
/// primary-key (device, data type, start) index answering "which segment holds instant t" in
/// O(log n), and a busy server holds tens of millions of its own segments, which would cost
/// hundreds of MB of RAM and a slow start-up to mirror. The table keeps a row for itself (holder,
/// current flag) and serving asks the catalog first (FIG. 5, 505); "who holds t, including me" is
/// <c>SegmentLocator.WhoHoldsAsync</c> (Serving). Peers' segments (those of moved devices) live here, 16 bytes each.
/// </summary>
public sealed class AssociationTable(string localServerId)
{
    private readonly ConcurrentDictionary<(string DeviceId, string DataType), DeviceAssociation> _devices = new();
    private readonly Lock _rows = new();
    private volatile IReadOnlyDictionary<string, RecordingServerRecord> _servers = new Dictionary<string, RecordingServerRecord>();

    public string LocalServerId { get; } = localServerId;

    /// <summary>
    /// Takes the rows of a (new) configuration copy ([0073], 315/316). Rows and devices the copy no
    /// longer has are forgotten with their segments ([0081]). Returns the (device, data type, peer)
    /// rows that are new, whose segments must now be asked for ([0011]).
    /// </summary>
    public List<(string DeviceId, string DataType, string ServerId)> ApplyCopy(ConfigurationCopy copy)
    {
        lock (_rows) return ApplyCopyLocked(copy);
    }

    private List<(string DeviceId, string DataType, string ServerId)> ApplyCopyLocked(ConfigurationCopy copy)
    {
        _servers = copy.Servers.ToDictionary(s => s.Id);
        var added = new List<(string, string, string)>();
        var keep = new HashSet<(string, string)>();
        foreach (var device in copy.Devices)
        {
            foreach (var rows in device.Entries.GroupBy(e => e.DataType))
            {
                var key = (device.Device.Id, rows.Key);
                keep.Add(key);
                var association = _devices.GetOrAdd(key, k => new DeviceAssociation(k.Item1, k.Item2, LocalServerId));
                foreach (var peer in association.SetRows(rows)) added.Add((key.Item1, key.Item2, peer));
            }
        }
        foreach (var key in _devices.Keys)
            if (!keep.Contains(key)) _devices.TryRemove(key, out _);
        return added;
    }

    public DeviceAssociation? Find(string deviceId, string dataType) =>
        _devices.TryGetValue((deviceId, dataType), out var a) ? a : null;

    public IEnumerable<DeviceAssociation> Devices(string? deviceId = null) =>
        _devices.Values.Where(a => deviceId is null || a.DeviceId == deviceId)
            .OrderBy(a => a.DeviceId, StringComparer.Ordinal).ThenBy(a => a.DataType, StringComparer.Ordinal);

    /// <summary>A server named by the copy (id, name, address), or null.</summary>
    public RecordingServerRecord? Server(string serverId) => _servers.TryGetValue(serverId, out var s) ? s : null;

    /// <summary>The current recording server of a device and data type (field 704), or null if unknown.</summary>
    public string? CurrentServer(string deviceId, string dataType) => Find(deviceId, dataType)?.CurrentServerId;

    public bool IsCurrentHere(string deviceId, string dataType) => CurrentServer(deviceId, dataType) == LocalServerId;

    /// <summary>A peer stored segments ([0077]); ignored (false) for devices/peers the copy does not name, and for ourselves.</summary>
    public bool AddSegments(string serverId, string deviceId, string dataType, IEnumerable<(long Start, long End)> segments) =>
        serverId != LocalServerId && Find(deviceId, dataType) is { } a && a.Add(serverId, segments);

    public bool RemoveSegments(string serverId, string deviceId, string dataType, IEnumerable<long> starts, bool holdsNoMore) =>
        serverId != LocalServerId && Find(deviceId, dataType) is { } a && a.Remove(serverId, starts, holdsNoMore);

    /// <summary>The peer holding the segment starting at <paramref name="startUtcMicros"/>; O(log n), no allocation.</summary>
    public bool TryFindSegment(string deviceId, string dataType, long startUtcMicros, out SegmentLocation location)
    {
        if (_devices.TryGetValue((deviceId, dataType), out var a)) return a.TryFindSegment(startUtcMicros, out location);
        location = default;
        return false;
    }

    /// <summary>The peer holding instant <paramref name="instantUtcMicros"/>; O(log n), no allocation.</summary>
    public bool TryFindInstant(string deviceId, string dataType, long instantUtcMicros, out SegmentLocation location)
    {
        if (_devices.TryGetValue((deviceId, dataType), out var a)) return a.TryFindInstant(instantUtcMicros, out location);
        location = default;
        return false;
    }

    /// <summary>Peers' segments overlapping [from, to), merged across peers in start order (at most <paramref name="limit"/>).</summary>
    public List<SegmentLocation> ListRemote(string deviceId, string dataType, long fromUtcMicros, long toUtcMicros, int limit)
    {
        var result = new List<SegmentLocation>();
        Find(deviceId, dataType)?.CollectRemote(fromUtcMicros, toUtcMicros, limit, result);
        if (result.Count > limit) result.RemoveRange(limit, result.Count - limit);
        return result;
    }
}
