using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Moves;

namespace VmsServices.Management.Assignment;

/// <summary>
/// Evens out the load (seed 001: new servers join and take load): while the busiest and the idlest
/// online servers differ by more than <see cref="AssignmentSettings.RebalanceThreshold"/> streams, an
/// automatically placed device moves from the busiest to the idlest, at most
/// <see cref="AssignmentSettings.MaxConcurrentMoves"/> at a time. No back and forth: a move is made
/// only when it narrows the gap (busiest - 1 ≥ idlest + 1, so the reverse move could never qualify),
/// and a device moved within <see cref="AssignmentSettings.DeviceCooldown"/> is left alone, which
/// also keeps a returning server from snatching back the cameras failover just moved.
/// </summary>
public sealed class Rebalancer(MoveService moves, MoveStore moveStore, AssignmentSettings settings, TimeProvider clock, ILogger<Rebalancer> log)
{
    public async Task RunAsync(Fleet fleet, CancellationToken ct)
    {
        var budget = settings.MaxConcurrentMoves - fleet.DevicesMoving.Count;
        if (!settings.Rebalance || budget <= 0 || fleet.Online.Count < 2) return;
        var recentlyMoved = await moveStore.ListMovedSinceAsync(clock.Now() - (long)settings.DeviceCooldown.TotalMicroseconds, ct);
        var blocked = new HashSet<string>(fleet.DevicesMoving, StringComparer.Ordinal);
        blocked.UnionWith(recentlyMoved);

        while (budget > 0)
        {
            var step = NextStep(fleet, blocked, settings.RebalanceThreshold);
            if (step is null) return;
            var (device, from, to) = step.Value;
            fleet.Assign(device, to, from);
            blocked.Add(device);
            budget--;
            try
            {
                var move = await moves.RequestAsync(device, to, MoveRequesters.Rebalance, ct);
                log.LogInformation("Rebalancing: device {Device} from {From} to {To} (move {MoveId})", device, from, to, move.CorrelationId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Rebalancing: could not start the move of {Device} to {To}", device, to);
            }
        }
    }

    /// <summary>The next move that narrows the gap, or null when the servers are even enough or nothing may move.</summary>
    internal static (string Device, string From, string To)? NextStep(Fleet fleet, IReadOnlySet<string> blocked, int threshold)
    {
        foreach (var busiest in fleet.Online.OrderByDescending(c => c.Streams).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            if (fleet.Choose(busiest.Id) is not { } idlest) return null;
            if (busiest.Streams - idlest.Streams <= Math.Max(1, threshold)) return null;
            var device = fleet.DevicesOn(busiest.Id)
                .FirstOrDefault(d => d.Placement == Placements.Automatic && !blocked.Contains(d.DeviceId));
            if (device is not null) return (device.DeviceId, busiest.Id, idlest.Id);
            // Everything on the busiest is pinned or resting: try the next busiest.
        }
        return null;
    }
}
