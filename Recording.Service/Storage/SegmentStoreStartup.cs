namespace VmsServices.Recording.Storage;

/// <summary>
/// Initializes the segment store (migrate + reconcile) before the server records or serves, and
/// drains the catalog writer at shutdown. Register it before any hosted service that records.
/// </summary>
public sealed class SegmentStoreStartup(SegmentStore store, ILogger<SegmentStoreStartup> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        var report = await store.InitializeAsync(ct);
        log.LogInformation("Segment store ready at {Directory}: {Report}", store.Layout.DataDirectory, report);
    }

    public Task StoppedAsync(CancellationToken ct) => store.DisposeAsync().AsTask();

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
}
