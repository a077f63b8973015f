using VmsServices.Hosting;
using VmsServices.Hosting.Security;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

public static class ArchiveApi
{
    /// <summary>
    /// <c>GET /api/archive</c>: per device, live / archived / pending (<see cref="ArchiveReport"/>), for administrators.
    /// <c>GET /api/archive/holdings?beforeUtcMicros=</c>: what an archiving server asks a recording server at every
    /// pass: the devices of its configuration copy it holds segments of that started before the cut-off, with
    /// its totals (an archiving server answers none: it never gives segments away). Readable with the
    /// View policy, which recording servers' service credentials have; a user limited to some devices sees only those.
    /// </summary>
    public static IEndpointRouteBuilder MapArchiveApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/archive").WithTags("Archive");
        api.MapGet("/", (ArchiveReporter reporter, CancellationToken ct) => reporter.BuildAsync(ct))
            .RequireAdminister();
        api.MapGet("/holdings", async (long? beforeUtcMicros, HttpContext http, SegmentStore store, ConfigurationSynchronizer configuration,
            RecordingSettings settings, ArchiveSourceState asked, TimeProvider clock, CancellationToken ct) =>
        {
            if (beforeUtcMicros is not { } cutoff) throw new InvalidRequestException("beforeUtcMicros (UTC microseconds) is required.");
            if (settings.IsArchive) return new List<DeviceStorageStats>();
            asked.Record(cutoff, clock.Now());
            var devices = configuration.Current.Devices.Select(d => d.Device.Id).ToHashSet(StringComparer.Ordinal);
            return (await store.GetStatsAsync(ct))
                .Where(s => s.OldestUtcMicros < cutoff && devices.Contains(s.DeviceId) && DeviceAccess.Allows(http.User, s.DeviceId))
                .ToList();
        }).RequireView();
        return app;
    }
}
