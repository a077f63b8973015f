using VmsServices.Hosting.Security;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Api;

public static class RecordersApi
{
    /// <summary>What this server records now (one status per device) and what its store holds, per storage tier.</summary>
    public static IEndpointRouteBuilder MapRecordersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recorders", (RecordingSupervisor supervisor) => supervisor.Statuses).WithTags("Recorders").RequireAdminister();
        app.MapGet("/api/storage", async (SegmentStore store, ArchiveService archive, CancellationToken ct) =>
            DeviceStorageReport.Build(await store.ListFilesAsync(ct), archive.IsDue)).WithTags("Recorders").RequireAdminister();
        return app;
    }
}
