using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Recording.Query;

namespace VmsServices.Recording.Api;

public static class CameraQueryApi
{
    /// <summary>
    /// Ask any recording server about any camera (seed 001 [0088]-[0091]): its state, current and
    /// previous owners, and its segments across all of them, answered by (or forwarded to) its current owner.
    /// </summary>
    public static IEndpointRouteBuilder MapCameraQueryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices/{deviceId}/history", (string deviceId, long? fromUtcMicros, long? toUtcMicros, int? limit, bool? forwarded,
            HttpContext http, CameraQuery query, CancellationToken ct) =>
        {
            if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Device ids are {Ids.Rule}.");
            var max = limit is null ? SegmentsApi.DefaultLimit : Math.Clamp(limit.Value, 1, SegmentsApi.MaxLimit);
            return query.AnswerAsync(http, deviceId, fromUtcMicros ?? long.MinValue, toUtcMicros ?? long.MaxValue, max, forwarded == true, ct);
        }).WithTags("Cameras").RequireView();
        return app;
    }
}
