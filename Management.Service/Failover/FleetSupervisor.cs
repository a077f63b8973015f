using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;

namespace VmsServices.Management.Failover;

/// <summary>
/// One loop, every <see cref="FailoverSettings.CheckInterval"/>, that keeps the recording servers
/// serving every camera: server states from heartbeats, failover of failed servers' devices, and
/// rebalancing when due (at its interval, or at once after a server came online). Decisions are made
/// in sequence on one <see cref="Fleet"/> snapshot so they never race each other.
/// </summary>
public sealed class FleetSupervisor(
    ConfigurationStore table,
    FleetReader fleets,
    FailureDetector detector,
    FailoverCoordinator failover,
    Rebalancer rebalancer,
    FailoverSettings settings,
    AssignmentSettings assignment,
    TimeProvider clock,
    ILogger<FleetSupervisor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.CheckInterval, clock);
        var nextRebalance = clock.GetUtcNow() + assignment.RebalanceInterval;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var joined = await detector.CheckAsync(await table.ListServerStatesAsync(stoppingToken), stoppingToken);
                    if (joined.Count > 0) nextRebalance = clock.GetUtcNow();
                    var fleet = await fleets.ReadAsync(stoppingToken);
                    if (settings.Enabled) await failover.ReconcileAsync(fleet, stoppingToken);
                    if (clock.GetUtcNow() >= nextRebalance)
                    {
                        nextRebalance = clock.GetUtcNow() + assignment.RebalanceInterval;
                        await rebalancer.RunAsync(fleet, stoppingToken);
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database or the bus is away for a moment: the next tick tries again.
                    log.LogWarning(e, "Checking the recording servers failed; retrying in {Interval}", settings.CheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
