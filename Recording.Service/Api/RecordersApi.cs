using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Api;

public static class RecordersApi
{
    /// <summary>What this server records now (one status per device) and what its store holds.</summary>
    public static IEndpointRouteBuilder MapRecordersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recorders", (RecordingSupervisor supervisor) => supervisor.Statuses).WithTags("Recorders");
        app.MapGet("/api/storage", (SegmentStore store, CancellationToken ct) => store.GetStatsAsync(ct)).WithTags("Recorders");
        return app;
    }
}
