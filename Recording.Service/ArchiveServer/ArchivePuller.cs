using System.Text.Json;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Api;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/*
 * AN ARCHIVING SERVER'S PASS (every Recording:ArchiveServer:Interval).
 * For every server its configuration copy names (an archiving server's copy names them all):
 *
 *   1. ask which devices it holds segments of from before the cut-off, now - MoveAfter (GET /api/archive/holdings);
 *   2. per device, page through those segments (the segments list, scope=local, toUtcMicros = cut-off);
 *   3. take each one (SegmentTransfer: fetch with its SHA-256, check; append durably, read back),
 *      writing a group of them with one fsync while the next ones download;
 *   4. once this server's row for the device is in its copy (asked for with AddArchiveHolder after
 *      the first segment stored, never before: a row promises segments), confirm batches to the
 *      source (ConfirmArchived): it deletes what matches its own bytes and publishes SegmentsDeleted.
 *
 * Crash of either side at any point: a segment is deleted at its source only after it was durable
 * here and confirmed with the checksum of our copy, and a segment identity is stored at most once
 * per store (catalog primary key). So a crash loses nothing, and what it leaves (a copy here not yet
 * confirmed, a confirmation not yet acted on) is finished by the next pass, which finds the segment
 * still at the source, already held here, and confirms it again.
 */
public sealed class ArchivePuller(
    ConfigurationSynchronizer configuration,
    RecordingSettings recording,
    ArchiveServerSettings settings,
    ArchiveSourceClient sources,
    SegmentTransfer transfer,
    ArchiveWriters writers,
    ArchiveProgress progress,
    IArchiveMessages messages,
    SegmentStore store,
    TimeProvider clock,
    ILogger<ArchivePuller> log) : PeriodicService(log)
{
    /// <summary>Segments listed per call to a source.</summary>
    public const int PageSize = 1000;

    /// <summary>Segments written together (one fsync, one catalog transaction): at most this many, or this many bytes.</summary>
    public const int GroupSegments = 8;
    public const long GroupBytes = 16L << 20;

    private static readonly TimeSpan RowPoll = TimeSpan.FromMilliseconds(100);
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    /// <summary>How long a batch waits for this server's row to reach its copy before it is left to the next pass.</summary>
    internal TimeSpan RowWait { get; set; } = TimeSpan.FromSeconds(5);

    protected override TimeSpan Interval => settings.Interval;

    protected override Task RunPassAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One pass over every source. Runs are serialized.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await _oneRun.WaitAsync(ct);
        try
        {
            var cutoff = clock.Now() - (long)settings.MoveAfter.TotalMicroseconds;
            var peers = configuration.Current.Servers.Where(s => s.Id != recording.ServerId).ToList();
            progress.BeginPass(cutoff, peers.Select(p => p.Id).ToList());
            foreach (var source in peers) await PullSourceAsync(source, cutoff, ct);
            await writers.CloseIdleAsync();
            await RetireEmptyRowsAsync(ct);
        }
        finally
        {
            progress.EndPass();
            _oneRun.Release();
        }
    }

    private async Task PullSourceAsync(RecordingServerRecord source, long cutoff, CancellationToken ct)
    {
        try
        {
            var holdings = (await sources.HoldingsAsync(source.Address, cutoff, ct))
                .Where(h => Ids.IsValid(h.DeviceId) && DataTypes.IsKnown(h.DataType)).ToList();
            progress.SourceAnswered(source, holdings);
            foreach (var h in holdings) await PullDeviceAsync(source, h.DeviceId, h.DataType, cutoff, ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Archive: source {Source} at {Address} failed ({Reason}); retried at the next pass", source.Id, source.Address, e.Message);
            progress.SourceFailed(source, e.Message);
        }
    }

    private async Task PullDeviceAsync(RecordingServerRecord source, string deviceId, string dataType, long cutoff, CancellationToken ct)
    {
        var batch = new Batch(source.Id, deviceId, dataType);
        for (long? from = null; ;)
        {
            var page = await sources.ListDueAsync(source.Address, deviceId, dataType, from ?? long.MinValue, cutoff, PageSize, ct);
            progress.Listed(source.Id, deviceId, dataType, page, firstPage: from is null);
            await TakePageAsync(source.Address, page, batch, ct);
            // A short page is the last: segments of one server never overlap, so nothing due follows a gap in the list.
            if (page.Count < PageSize) break;
            from = page[^1].EndUtcMicros;
        }
        await ConfirmAsync(batch, ct);
    }

    /// <summary>
    /// Step 3 for one page, overlapped: the next segment downloads while the previous group of
    /// segments is written here, and a group (up to <see cref="GroupSegments"/> segments or
    /// <see cref="GroupBytes"/>) is written with one fsync and one catalog transaction.
    /// </summary>
    private async Task TakePageAsync(string address, IReadOnlyList<SegmentDto> page, Batch batch, CancellationToken ct)
    {
        Task<PreparedSegment?>? ahead = null;
        Task? storing = null;
        var group = new List<PreparedSegment>();
        long groupBytes = 0;
        try
        {
            for (var i = 0; i < page.Count; i++)
            {
                var current = ahead ?? transfer.PrepareAsync(address, batch.DeviceId, batch.DataType, page[i], ct);
                ahead = i + 1 < page.Count ? transfer.PrepareAsync(address, batch.DeviceId, batch.DataType, page[i + 1], ct) : null;
                if (await current is { } prepared)
                {
                    group.Add(prepared);
                    groupBytes += prepared.Fragment.Length;
                }
                if (group.Count == 0 || group.Count < GroupSegments && groupBytes < GroupBytes && i + 1 < page.Count) continue;
                if (storing is not null) await storing;
                var full = group;
                // Task.Run: the write and its fsync are synchronous; they must not hold up the next download.
                storing = Task.Run(() => StoreGroupAsync(full, batch, ct), ct);
                (group, groupBytes) = ([], 0);
            }
            if (storing is not null) await storing;
        }
        finally
        {
            // A failed step leaves work started ahead of it running: let it end, its result is not used.
            if (ahead is not null) await ahead.ContinueWith(static _ => { }, TaskScheduler.Default);
            if (storing is not null) await storing.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task StoreGroupAsync(IReadOnlyList<PreparedSegment> group, Batch batch, CancellationToken ct)
    {
        foreach (var (segment, archived) in await transfer.StoreAsync(batch.DeviceId, batch.DataType, group, ct))
        {
            batch.Add(archived, segment.SizeBytes);
            if (batch.Count >= settings.ConfirmBatch) await ConfirmAsync(batch, ct);
        }
    }

    /// <summary>Step 4: confirms a batch once this server's row is in its copy; otherwise the next pass confirms again.</summary>
    private async Task ConfirmAsync(Batch batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        if (!await HasRowAsync(batch, ct))
        {
            log.LogInformation("Archive: no row for {Device}/{DataType} here yet; {Count} segments are confirmed at a later pass", batch.DeviceId, batch.DataType, batch.Count);
            batch.Clear();
            return;
        }
        var (segments, bytes) = batch.Take();
        try
        {
            await messages.ConfirmAsync(batch.SourceId, new ConfirmArchived(recording.ServerId, batch.DeviceId, batch.DataType, segments, clock.Now()), ct);
            progress.Confirmed(batch.SourceId, batch.DeviceId, batch.DataType, segments.Count, bytes);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The segments stay at their source, which lists them again: the next pass confirms them.
            log.LogWarning("Archive: confirmation of {Count} segments of {Device}/{DataType} to {Source} not sent ({Reason})", segments.Count, batch.DeviceId, batch.DataType, batch.SourceId, e.Message);
        }
    }

    private async Task<bool> HasRowAsync(Batch batch, CancellationToken ct)
    {
        if (NamesThisServer(batch.DeviceId, batch.DataType)) return true;
        if (batch.RowRequested) return false; // asked and waited once in this pass already
        batch.RowRequested = true;
        try
        {
            await messages.AddHolderAsync(batch.DeviceId, batch.DataType, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("Archive: row for {Device}/{DataType} not requested ({Reason}); asked again at the next pass", batch.DeviceId, batch.DataType, e.Message);
            return false;
        }
        // The management server answers with a ConfigurationChanged, usually within milliseconds.
        for (var waited = TimeSpan.Zero; waited < RowWait; waited += RowPoll)
        {
            await Task.Delay(RowPoll, clock, ct);
            if (NamesThisServer(batch.DeviceId, batch.DataType)) return true;
        }
        return false;
    }

    private bool NamesThisServer(string deviceId, string dataType) =>
        configuration.Current.Devices.Any(d => d.Device.Id == deviceId && d.Entries.Any(e => e.DataType == dataType && e.RecordingServerId == recording.ServerId));

    /// <summary>
    /// A row of this server for a device it holds nothing of (its retention's SegmentsDeleted was
    /// lost, or its store was replaced) is announced again, so the management server retires it.
    /// </summary>
    private async Task RetireEmptyRowsAsync(CancellationToken ct)
    {
        foreach (var device in configuration.Current.Devices)
        foreach (var entry in device.Entries.Where(e => e.RecordingServerId == recording.ServerId && !e.IsCurrent))
        {
            if (await store.LastSegmentAsync(device.Device.Id, entry.DataType, ct) is not null) continue;
            try
            {
                await messages.HoldsNoMoreAsync(device.Device.Id, entry.DataType, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Archive: could not announce that {Device}/{DataType} is no longer held ({Reason}); retried at the next pass", device.Device.Id, entry.DataType, e.Message);
            }
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        await _oneRun.WaitAsync(ct); // the pass ended: its open files can be closed
        await writers.DisposeAsync();
    }

    /// <summary>Segments of one source and device waiting to be confirmed.</summary>
    private sealed class Batch(string sourceId, string deviceId, string dataType)
    {
        private readonly List<ArchivedSegment> _segments = [];
        private long _bytes;

        public string SourceId { get; } = sourceId;
        public string DeviceId { get; } = deviceId;
        public string DataType { get; } = dataType;
        public bool RowRequested { get; set; }
        public int Count => _segments.Count;

        public void Add(ArchivedSegment segment, long bytes)
        {
            _segments.Add(segment);
            _bytes += bytes;
        }

        public (List<ArchivedSegment> Segments, long Bytes) Take()
        {
            var taken = (_segments.ToList(), _bytes);
            Clear();
            return taken;
        }

        public void Clear()
        {
            _segments.Clear();
            _bytes = 0;
        }
    }
}
