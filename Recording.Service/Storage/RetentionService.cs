using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>Receives what retention deleted, e.g. to publish <see cref="VmsServices.Messages.SegmentsDeleted"/>.</summary>
public interface ISegmentsDeletedSink
{
    Task OnDeletedAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct);
}

/// <summary>
/// Runs <see cref="RetentionPolicy"/> every <see cref="RetentionSettings.Interval"/> and on demand
/// (<see cref="RunOnceAsync"/>, e.g. after a StorageFullException), deletes the chosen files and
/// tells the sinks. A failing run is logged and retried at the next tick: retention must never
/// stop the recording server, and a full disk is exactly when it must keep running.
/// </summary>
public sealed class RetentionService(
    SegmentStore store,
    RetentionSettings settings,
    IFreeSpaceProbe freeSpace,
    IEnumerable<ISegmentsDeletedSink> sinks,
    TimeProvider clock,
    ILogger<RetentionService> log,
    RecordingMetrics? metrics = null) : BackgroundService
{
    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Raised after each run that deleted something.</summary>
    public event Action<IReadOnlyList<DeletedSegments>>? Deleted;

    /// <summary>Asks the background loop to run now (non-blocking; several requests coalesce).</summary>
    public void RequestRun()
    {
        try { _wake.Release(); } catch (SemaphoreFullException) { /* a run is already requested */ }
    }

    /// <summary>One retention pass: select, delete (rows then files), report. Runs are serialized.</summary>
    public async Task<IReadOnlyList<DeletedSegments>> RunOnceAsync(CancellationToken ct)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            var files = await store.ListFilesAsync(ct);
            var freeBytes = freeSpace.AvailableFreeBytes(store.Layout.DataDirectory);
            var chosen = RetentionPolicy.SelectFilesToDelete(files, store.IsOpenForWriting, settings, clock.Now(), freeBytes);
            if (chosen.Count == 0) return [];
            var deleted = await store.DeleteFilesAsync(chosen, ct);
            if (deleted.Count == 0) return deleted;
            log.LogInformation("Retention deleted {Files} recording files, {Segments} segments (free space before: {FreeBytes} bytes)",
                chosen.Count, deleted.Sum(d => d.Segments.Count), freeBytes);
            metrics?.RetentionDeleted(chosen.Count, deleted);
            await NotifyAsync(deleted, ct);
            return deleted;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private async Task NotifyAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct)
    {
        try
        {
            Deleted?.Invoke(deleted);
        }
        catch (Exception e)
        {
            log.LogError(e, "A retention Deleted subscriber failed");
        }
        foreach (var sink in sinks)
        {
            try
            {
                await sink.OnDeletedAsync(deleted, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                log.LogError(e, "Retention sink {Sink} failed; the files are deleted regardless", sink.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Retention run failed; retrying in {Interval}", settings.Interval);
            }
            try
            {
                await _wake.WaitAsync(settings.Interval, stoppingToken); // a RequestRun() ends the wait early
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
