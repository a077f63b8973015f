using VmsServices.Hosting.Security;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Forwarding;

namespace VmsServices.Management.Api;

/// <summary>
/// <c>GET /api/archive[?deviceId=]</c> (issue #9): per device and data type how much is live, archived
/// and pending across the system, from every registered server's own <c>GET /api/archive</c>
/// (<see cref="ArchiveReportCollector"/>, merged by <see cref="ArchiveProgressMerge"/>), with each server's
/// figures and the servers that did not answer. Administrators only, as on the servers themselves; the
/// caller's token goes along, and a user limited to some devices sees only those.
/// </summary>
public static class ArchiveProgressApi
{
    public static IEndpointRouteBuilder MapArchiveProgressApi(this IEndpointRouteBuilder app)
    {
        // Stateless: one for every request, made here so that the node's composition needs no registration.
        var collector = ActivatorUtilities.CreateInstance<ArchiveReportCollector>(app.ServiceProvider);
        app.MapGet("/api/archive", async (string? deviceId, HttpContext http, ConfigurationStore store, CancellationToken ct) =>
        {
            if (deviceId is not null) RequestValidation.RouteId(deviceId, "device");
            var answers = await collector.CollectAsync(await store.ListServersAsync(ct), CallerToken.Of(http.Request), ct);
            return ArchiveProgressMerge.Merge(answers, id => (deviceId is null || id == deviceId) && DeviceAccess.Allows(http.User, id));
        }).WithTags("Archive").RequireAdminister();
        return app;
    }
}
