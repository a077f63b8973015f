using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>Receives what retention deleted, e.g. to publish <see cref="VmsServices.Messages.SegmentsDeleted"/>.</summary>
public interface ISegmentsDeletedSink
{
    Task OnDeletedAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct);
}

/// <summary>
/// Runs <see cref="RetentionPolicy"/> every <see cref="RetentionSettings.Interval"/> and on demand
/// (<see cref="RunOnceAsync"/>, e.g. after a StorageFullException), once per storage tier, deletes
/// the chosen files and tells the sinks. Without an archive volume the live tier has the
/// <c>Recording:Retention</c> rules. With one (<see cref="ArchiveSettings"/>), old live files move
/// instead of being deleted by age (<see cref="ArchiveService"/>): the live tier keeps only its
/// free-space floor, because recording must go on if the archive falls behind; the archive tier
/// has its own MaxAge and MinFreeBytes. A failing run is logged and retried at the next tick.
/// </summary>
public sealed class RetentionService(
    SegmentStore store,
    RetentionSettings settings,
    IFreeSpaceProbe freeSpace,
    IEnumerable<ISegmentsDeletedSink> sinks,
    TimeProvider clock,
    ILogger<RetentionService> log,
    RecordingMetrics? metrics = null,
    ArchiveSettings? archive = null) : PeriodicService(log)
{
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>Raised after each run that deleted something.</summary>
    public event Action<IReadOnlyList<DeletedSegments>>? Deleted;

    protected override TimeSpan Interval => settings.Interval;

    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One retention pass over every tier: select, delete (rows then files), report. Runs are serialized.</summary>
    public async Task<IReadOnlyList<DeletedSegments>> RunOnceAsync(CancellationToken ct)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            var files = await store.ListFilesAsync(ct);
            var perTier = new List<IReadOnlyList<DeletedSegments>>();
            foreach (var (volume, rules) in Tiers())
                perTier.Add(await RunTierAsync(files.Where(f => f.Volume == volume).ToList(), volume, rules, ct));
            return perTier.Count == 1 ? perTier[0] : perTier.SelectMany(d => d).ToList(); // one tier: the very report the sinks got
        }
        finally
        {
            _oneRun.Release();
        }
    }

    private IEnumerable<(StorageVolume Volume, RetentionSettings Rules)> Tiers()
    {
        if (archive is not { Enabled: true } || !store.Layout.HasArchive)
        {
            yield return (StorageVolume.Live, settings);
            yield break;
        }
        yield return (StorageVolume.Live, new RetentionSettings { MaxAge = TimeSpan.MaxValue, MinFreeBytes = settings.MinFreeBytes });
        if (store.ArchiveOnline) yield return (StorageVolume.Archive, archive.ToRetention());
    }

    private async Task<IReadOnlyList<DeletedSegments>> RunTierAsync(IReadOnlyList<RecordingFileRow> files, StorageVolume volume, RetentionSettings rules, CancellationToken ct)
    {
        var freeBytes = freeSpace.AvailableFreeBytes(store.Layout.DirectoryOf(volume)!);
        var chosen = RetentionPolicy.SelectFilesToDelete(files, id => store.IsOpenForWriting(id) || store.IsMoving(id), rules, clock.Now(), freeBytes);
        if (chosen.Count == 0) return [];
        var deleted = await store.DeleteFilesAsync(chosen, ct);
        if (deleted.Count == 0) return deleted;
        log.LogInformation("Retention deleted {Files} recording files, {Segments} segments from the {Volume} volume (free space before: {FreeBytes} bytes)",
            chosen.Count, deleted.Sum(d => d.Segments.Count), volume, freeBytes);
        metrics?.RetentionDeleted(chosen.Count, deleted);
        await NotifyAsync(deleted, ct);
        return deleted;
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
}
