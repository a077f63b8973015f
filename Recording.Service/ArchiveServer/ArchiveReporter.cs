using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>Builds <see cref="ArchiveReport"/> for this server's role.</summary>
public sealed class ArchiveReporter(
    SegmentStore store,
    RecordingSettings recording,
    ArchiveServerSettings settings,
    ArchiveProgress progress,
    ArchiveSourceState asked)
{
    public Task<ArchiveReport> BuildAsync(CancellationToken ct) => recording.IsArchive ? ArchiveServerAsync(ct) : RecordingServerAsync(ct);

    /// <summary>Live and archive tier from the file table; pending: what ended by the cut-off the archive last asked with.</summary>
    private async Task<ArchiveReport> RecordingServerAsync(CancellationToken ct)
    {
        var last = asked.Last;
        var devices = new List<DeviceArchiveReport>();
        foreach (var d in DeviceStorageReport.Build(await store.ListFilesAsync(ct), _ => false))
        {
            var pending = last is null ? TierStats.Empty : await store.Catalog.StatsEndingByAsync(d.DeviceId, d.DataType, last.CutoffUtcMicros, ct);
            devices.Add(new DeviceArchiveReport(d.DeviceId, d.DataType, d.Live, d.Archived, pending, null));
        }
        return new ArchiveReport(recording.ServerId, recording.Role.WireName(), devices, last, null);
    }

    /// <summary>Archived: everything this server holds (any tier of its own); live and pending: the sources' figures.</summary>
    private async Task<ArchiveReport> ArchiveServerAsync(CancellationToken ct)
    {
        var held = (await store.ListFilesAsync(ct)).Where(f => f.SegmentCount > 0).GroupBy(f => (f.DeviceId, f.DataType)).ToDictionary(g => g.Key, g => TierStats.Of(g));
        var bySource = progress.Devices();
        var devices = held.Keys.Union(bySource.Keys)
            .OrderBy(k => k.DeviceId, StringComparer.Ordinal).ThenBy(k => k.DataType, StringComparer.Ordinal)
            .Select(k =>
            {
                var sources = bySource.GetValueOrDefault(k) ?? [];
                return new DeviceArchiveReport(k.DeviceId, k.DataType, sources.Select(s => s.Live).Sum(), held.GetValueOrDefault(k) ?? TierStats.Empty,
                    sources.Select(s => s.Pending).Sum(), sources);
            })
            .ToList();
        return new ArchiveReport(recording.ServerId, recording.Role.WireName(), devices, null, progress.Status(settings));
    }
}
