using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Recording.Api;
using VmsServices.Recording.Serving;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Association;

/// <summary>One device and data type of the association table, for operators and tests.</summary>
public sealed record AssociationRowsDto(string DeviceId, string DataType, string? CurrentRecordingServerId,
    IReadOnlyList<HolderSummary> Holders, IReadOnlyList<SegmentDto>? Segments);

public static class AssociationApi
{
    /// <summary>
    /// <c>GET /api/association[?deviceId=][&amp;detail=true]</c>: the association table (FIG. 7A/7B), per
    /// device, data type and holder: segment count, first start, last end (this server's own row from
    /// its catalog); with deviceId and detail=true also the merged segment list.
    /// <c>POST /api/association/resync[?deviceId=]</c>: ask the peers again now ([0076]) and report.
    /// </summary>
    public static IEndpointRouteBuilder MapAssociationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/association").WithTags("Association").RequireAdminister();
        api.MapGet("/", async (string? deviceId, bool? detail, AssociationTable table, SegmentStore store, SegmentLocator locator, CancellationToken ct) =>
        {
            if (deviceId is not null && !Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
            if (detail == true && deviceId is null) throw new InvalidRequestException("detail=true needs a deviceId.");
            var stats = (await store.GetStatsAsync(ct)).ToDictionary(s => (s.DeviceId, s.DataType));
            var rows = new List<AssociationRowsDto>();
            foreach (var a in table.Devices(deviceId))
            {
                var holders = a.Summaries().Select(h => !h.IsLocal ? h
                    : stats.TryGetValue((a.DeviceId, a.DataType), out var s) ? h with { SegmentCount = s.SegmentCount, FirstStartUtcMicros = s.OldestUtcMicros, LastEndUtcMicros = s.NewestUtcMicros }
                    : h).ToList();
                var segments = detail == true ? await locator.ListMergedAsync(a.DeviceId, a.DataType, long.MinValue, long.MaxValue, SegmentsApi.MaxLimit, ct) : null;
                rows.Add(new AssociationRowsDto(a.DeviceId, a.DataType, a.CurrentServerId, holders, segments));
            }
            return rows;
        });
        api.MapPost("/resync", async (string? deviceId, AssociationSynchronizer synchronizer, CancellationToken ct) =>
        {
            if (deviceId is not null && !Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
            return await synchronizer.ResyncAsync(deviceId, ct);
        });
        return app;
    }
}
