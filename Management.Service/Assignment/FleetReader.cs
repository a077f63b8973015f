using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Management.Moves;

namespace VmsServices.Management.Assignment;

/// <summary>
/// Reads a <see cref="Fleet"/> from the configuration table, the running moves and the heartbeats,
/// which also say which servers are archiving servers (their role is known once one heartbeat arrived
/// since this management server started).
/// </summary>
public sealed class FleetReader(ConfigurationStore table, MoveStore moves, RequestedMoves requested, ServerLiveness liveness, AssignmentSettings settings)
{
    public async Task<Fleet> ReadAsync(CancellationToken ct)
    {
        // Requested moves first: one the saga stores (and even completes) while the placements are read
        // still counts as under way in this round.
        var unstored = await requested.UnstoredAsync(ct);
        var servers = await table.ListServerStatesAsync(ct);
        var placements = await table.ListPlacementsAsync(ct);
        var running = (await moves.ListRunningAsync(ct)).ToList();
        var stored = running.Select(m => m.CorrelationId).ToHashSet();
        running.AddRange(unstored.Where(u => !stored.Contains(u.CorrelationId))); // stored meanwhile: counted once
        var incoming = running.GroupBy(m => m.ToRecordingServerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var archives = servers.Where(s => Messages.RecordingServerRoles.IsArchive(liveness.Last(s.Id)?.Heartbeat.Role)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return new Fleet(servers, placements, running.Select(m => m.DeviceId).ToList(), incoming,
            id => liveness.Last(id)?.Heartbeat.Load, settings.AssumedBitsPerSecond, archives);
    }
}
