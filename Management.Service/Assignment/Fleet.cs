using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;

namespace VmsServices.Management.Assignment;

/// <summary>
/// The recording servers and their devices at one instant, as failover, rebalancing and attach
/// decide on it: server states, each device's current server, the moves under way (their targets
/// already count as loaded) and each online server's last reported load. A decision round updates it
/// with <see cref="Assign"/> so that several decisions in one round see each other. Archiving servers
/// (<see cref="Messages.RecordingServerRoles.Archive"/>) record no camera: they are never candidates.
/// </summary>
public sealed class Fleet
{
    private readonly Dictionary<string, ServerCandidate> _online;
    private readonly Dictionary<string, List<DevicePlacement>> _devicesByServer;
    private readonly HashSet<string> _moving;

    public Fleet(
        IReadOnlyList<ServerState> servers,
        IReadOnlyList<DevicePlacement> placements,
        IReadOnlyCollection<string> devicesMoving,
        IReadOnlyDictionary<string, int> incomingMoves,
        Func<string, Messages.RecorderLoad?> loadOf,
        long assumedBitsPerSecond,
        IReadOnlySet<string>? archiveServers = null)
    {
        AssumedBitsPerSecond = assumedBitsPerSecond;
        Servers = servers;
        _moving = devicesMoving.ToHashSet(StringComparer.Ordinal);
        _devicesByServer = placements.GroupBy(p => p.RecordingServerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _online = servers.Where(s => s.State == ServerStates.Online && archiveServers?.Contains(s.Id) != true)
            .Select(s => Candidate(s.Id, DevicesOn(s.Id).Count + incomingMoves.GetValueOrDefault(s.Id), loadOf(s.Id)))
            .ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>Bit rate assumed for a stream whose server has not reported any yet.</summary>
    public long AssumedBitsPerSecond { get; }

    public IReadOnlyList<ServerState> Servers { get; }

    /// <summary>Devices with a move under way: no second move is started for them.</summary>
    public IReadOnlySet<string> DevicesMoving => _moving;

    public IReadOnlyCollection<ServerCandidate> Online => _online.Values;

    public IReadOnlyList<DevicePlacement> DevicesOn(string serverId) =>
        _devicesByServer.TryGetValue(serverId, out var list) ? list : [];

    /// <summary>Picks a server for one more stream, never <paramref name="excluded"/>; null when none has capacity.</summary>
    public ServerCandidate? Choose(string? excluded = null) =>
        AssignmentPolicy.Choose(_online.Values.Where(c => c.Id != excluded), AssumedBitsPerSecond);

    /// <summary>Records a decision of this round: one stream more on <paramref name="to"/>, one less on <paramref name="from"/>.</summary>
    public void Assign(string deviceId, string to, string? from = null)
    {
        if (from is not null) _moving.Add(deviceId);
        if (_online.TryGetValue(to, out var target)) _online[to] = target.With(1, PerStream(target));
        if (from is not null && _online.TryGetValue(from, out var source)) _online[from] = source.With(-1, -PerStream(source));
        if (from is not null && _devicesByServer.TryGetValue(from, out var list)) list.RemoveAll(p => p.DeviceId == deviceId);
    }

    private long PerStream(ServerCandidate c) => c.Streams > 0 && c.BitsPerSecond > 0 ? c.BitsPerSecond / c.Streams : AssumedBitsPerSecond;

    private ServerCandidate Candidate(string id, int streams, Messages.RecorderLoad? load)
    {
        // The table's count leads the heartbeat (a device just assigned is not recorded yet): estimate
        // the bit rate from the reported per-stream average times the streams the table says.
        var perStream = load is { Streams: > 0, BitsPerSecond: > 0 } ? load.BitsPerSecond / load.Streams : AssumedBitsPerSecond;
        return new ServerCandidate(id, streams, streams * perStream, load?.DiskFreeBytes ?? 0,
            load?.MaxStreams ?? 0, load?.MaxBitsPerSecond ?? 0, load?.MinFreeDiskBytes ?? 0);
    }
}
