using System.Collections.Concurrent;
using VmsServices.Hosting;
using VmsServices.Messages;

namespace VmsServices.Management.Failover;

/// <summary>
/// The last heartbeat of each recording server, as received by this management server (its own clock,
/// so clock skew between servers cannot hide a failure). In memory only: after a restart every server
/// is given one failure timeout to be heard from again.
/// </summary>
public sealed class ServerLiveness(TimeProvider clock)
{
    public sealed record Beat(long ReceivedUtcMicros, RecorderHeartbeat Heartbeat);

    private readonly ConcurrentDictionary<string, Beat> _beats = new(StringComparer.Ordinal);

    /// <summary>When this instance started counting; a server not heard from since is judged from here.</summary>
    public long StartedUtcMicros { get; } = clock.Now();

    /// <summary>True when this is the first heartbeat from this server since start, or its address or name changed.</summary>
    public bool IsNewOrChanged(RecorderHeartbeat heartbeat) =>
        Last(heartbeat.RecordingServerId) is not { } previous
        || previous.Heartbeat.Address != heartbeat.Address || previous.Heartbeat.Name != heartbeat.Name;

    public void Record(RecorderHeartbeat heartbeat) => _beats[heartbeat.RecordingServerId] = new Beat(clock.Now(), heartbeat);

    public Beat? Last(string serverId) => _beats.TryGetValue(serverId, out var b) ? b : null;

    /// <summary>Last sign of life: the last heartbeat, or this instance's start when none arrived yet.</summary>
    public long LastSeenUtcMicros(string serverId) => Last(serverId)?.ReceivedUtcMicros ?? StartedUtcMicros;
}
