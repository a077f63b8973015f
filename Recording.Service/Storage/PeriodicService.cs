using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>
/// A background pass that runs every <see cref="Interval"/> and on demand (<see cref="RequestRun"/>).
/// A failing pass is logged and retried at the next tick: storage housekeeping must never stop the
/// recording server.
/// </summary>
public abstract class PeriodicService(ILogger log) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; called by the loop (and by callers who want to run it now and wait).</summary>
    protected abstract Task RunPassAsync(CancellationToken ct);

    /// <summary>Asks the background loop to run now (non-blocking; several requests coalesce).</summary>
    public void RequestRun()
    {
        try { _wake.Release(); } catch (SemaphoreFullException) { /* a run is already requested */ }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BackgroundPass.RunAsync(log, GetType().Name, () => RunPassAsync(stoppingToken), stoppingToken);
                await _wake.WaitAsync(Interval, stoppingToken); // a RequestRun() ends the wait early
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
