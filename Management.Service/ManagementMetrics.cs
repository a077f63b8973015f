using System.Diagnostics.Metrics;
using VmsServices.Hosting.Metrics;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Moves;

namespace VmsServices.Management;

/// <summary>
/// The instruments of the management server (meter <c>VmsServices.Management</c>), served at
/// /metrics in Prometheus form (<c>vms_management_moves_started_total</c>, ...). Moves are counted
/// when their state is committed to the moves table, so a retried message never counts twice; the
/// configuration table's version is read from the database when collected.
/// </summary>
public sealed class ManagementMetrics
{
    public const string MeterName = "VmsServices.Management";
    private static readonly TimeSpan VersionReadTimeout = TimeSpan.FromSeconds(2);

    private readonly CounterTotals _started;
    private readonly CounterTotals _completed;
    private readonly CounterTotals _failed;

    public ManagementMetrics(IMeterFactory meters, ConfigurationStore table)
    {
        var meter = meters.Create(MeterName);
        _started = new(meter, "vms.management.moves_started", "{move}", "Moves of a device to another recording server that the move saga took on.");
        _completed = new(meter, "vms.management.moves_completed", "{move}", "Moves that took effect: the target is the device's current recording server.");
        _failed = new(meter, "vms.management.moves_failed", "{move}", "Moves refused or rolled back, by kind of failure.", "reason",
            MoveFailures.Invalid, MoveFailures.NotFound, MoveFailures.Conflict, MoveFailures.NotAuthorized, MoveFailures.PrepareFailed, MoveFailures.TimedOut);
        meter.CreateObservableGauge("vms.management.configuration_version", () => ReadVersion(table), "{version}",
            "Version of the master configuration table (each committed change adds one); absent while the database cannot be read.");
    }

    /// <summary>A move's row was committed in <paramref name="move"/>'s state, coming from <paramref name="before"/> (null: a new row).</summary>
    public void MoveStored(string? before, MoveState move)
    {
        if (before is null or MoveStates.Initial) _started.Add(1);
        if (before == move.CurrentState) return;
        if (move.CurrentState == MoveStates.Completed) _completed.Add(1);
        else if (move.CurrentState == MoveStates.Failed) _failed.Add(1, move.Failure ?? "unknown");
    }

    private static IEnumerable<Measurement<long>> ReadVersion(ConfigurationStore table)
    {
        long version;
        try
        {
            using var timeout = new CancellationTokenSource(VersionReadTimeout);
            // Collection is synchronous; one indexed single-row read per scrape.
            version = table.GetVersionAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
        return [new Measurement<long>(version)];
    }
}
