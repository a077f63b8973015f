using VmsServices.Management.Assignment;
using VmsServices.Management.Failover;
using VmsServices.Management.Moves;

namespace VmsServices.Management.Failover;

/// <summary>
/// Moves every device whose current server has failed to a survivor with capacity (seed 001), each
/// with the ordinary move of seed 000, so nothing is copied and the failed server's rows stay as
/// non-current: its recordings are reachable again when it returns. Make-before-break is moot here;
/// the survivor records as soon as its move prepares. Runs as a reconciliation on every check, so a
/// failover interrupted by a management restart, or a move that failed, is simply tried again.
/// </summary>
public sealed class FailoverCoordinator(MoveService moves, FailoverSettings settings, TimeProvider clock, ILogger<FailoverCoordinator> log)
{
    private readonly Dictionary<string, DateTimeOffset> _lastAttempt = new(StringComparer.Ordinal);

    public async Task ReconcileAsync(Fleet fleet, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Read before this round's decisions move devices in the snapshot: an attempt is forgotten only
        // once a later read no longer shows its device on a failed server.
        var stillFailing = fleet.Servers.Where(s => s.State == ServerStates.Failed).SelectMany(s => fleet.DevicesOn(s.Id)).Select(d => d.DeviceId).ToHashSet();
        foreach (var failed in fleet.Servers.Where(s => s.State == ServerStates.Failed))
        {
            foreach (var device in fleet.DevicesOn(failed.Id).ToList())
            {
                if (fleet.DevicesMoving.Contains(device.DeviceId)) continue;
                if (_lastAttempt.TryGetValue(device.DeviceId, out var last) && now - last < settings.RetryAfter) continue;
                _lastAttempt[device.DeviceId] = now;
                if (fleet.Choose(failed.Id) is not { } target)
                {
                    log.LogWarning("Device {Device} of failed server {Server}: no surviving server has capacity; retrying in {Retry}",
                        device.DeviceId, failed.Id, settings.RetryAfter);
                    continue;
                }
                fleet.Assign(device.DeviceId, target.Id, failed.Id);
                try
                {
                    var move = await moves.RequestAsync(device.DeviceId, target.Id, MoveRequesters.Failover, ct);
                    log.LogInformation("Failover: device {Device} of {Server} goes to {Target} (move {MoveId})", device.DeviceId, failed.Id, target.Id, move.CorrelationId);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Failover: could not start the move of {Device} to {Target}; retrying in {Retry}", device.DeviceId, target.Id, settings.RetryAfter);
                }
            }
        }
        // Forget attempts of devices that are no longer on a failed server.
        foreach (var id in _lastAttempt.Keys.Where(id => !stillFailing.Contains(id)).ToList()) _lastAttempt.Remove(id);
    }
}
