using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>What one archive pass did.</summary>
public sealed record ArchiveRunReport(int FilesMoved, long BytesMoved, int FilesFailed);

/// <summary>
/// Moves recording files that are due (<see cref="ArchivePolicy"/>) from the live volume to the
/// archive volume, one whole file at a time, paced by <see cref="BandwidthThrottle"/>, every
/// <see cref="ArchiveSettings.Interval"/>. A failed move (archive full, NAS gone) leaves the live
/// file as it was and is retried at the next pass; a crash mid-move is repaired by start-up
/// reconciliation (see SegmentStore.Archive.cs). Does nothing without <c>Recording:Archive:Path</c>.
/// </summary>
public sealed class ArchiveService(SegmentStore store, ArchiveSettings settings, TimeProvider clock, ILogger<ArchiveService> log) : PeriodicService(log)
{
    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private readonly BandwidthThrottle _throttle = new(settings.MaxBytesPerSecond, clock);

    protected override TimeSpan Interval => settings.Interval;

    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>Files due to move now (for progress reporting: "pending").</summary>
    public bool IsDue(RecordingFileRow file) =>
        settings.Enabled && store.Layout.HasArchive && ArchivePolicy.IsDue(file, store.IsOpenForWriting, settings.MoveAfter, clock.Now());

    /// <summary>One pass: every file due now, oldest first. Runs are serialized.</summary>
    public async Task<ArchiveRunReport> RunOnceAsync(CancellationToken ct)
    {
        if (!settings.Enabled || !store.Layout.HasArchive) return new(0, 0, 0);
        if (!store.ArchiveOnline)
        {
            log.LogWarning("The archive volume {Root} is not there (unmounted?): nothing moves", store.Layout.ArchiveRoot);
            return new(0, 0, 0);
        }
        await _oneRun.WaitAsync(ct);
        try
        {
            var due = ArchivePolicy.SelectFilesToMove(await store.ListFilesAsync(ct), store.IsOpenForWriting, settings.MoveAfter, clock.Now());
            int moved = 0, failed = 0;
            long bytes = 0;
            foreach (var file in due)
            {
                try
                {
                    var copied = await store.MoveToArchiveAsync(file.Id, _throttle, ct);
                    if (copied > 0) (moved, bytes) = (moved + 1, bytes + copied);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failed++;
                    log.LogError(e, "Moving recording file {FileId} ({Path}) to the archive failed; it stays live and is retried at the next pass", file.Id, file.RelativePath);
                }
            }
            if (moved > 0 || failed > 0) log.LogInformation("Archive pass: moved {Files} files, {Bytes} bytes; {Failed} failed", moved, bytes, failed);
            return new(moved, bytes, failed);
        }
        finally
        {
            _oneRun.Release();
        }
    }
}
