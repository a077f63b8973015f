using VmsServices.Hosting.Security;
using VmsServices.Management.Forwarding;

namespace VmsServices.Management.Api;

public static class RecordingsApi
{
    /// <summary>
    /// Recordings of a device through the management server (seed 000 [0086]): the same paths as on
    /// a recording server, forwarded to the device's current recording server.
    /// </summary>
    public static RouteGroupBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices/{deviceId}").WithTags("Recordings (forwarded)").RequireView();
        api.MapGet("/segments", Forward);
        api.MapGet("/segments/{startUtcMicros:long}", (string deviceId, long startUtcMicros, HttpContext http, RecordingForwarder f, CancellationToken ct) =>
            f.ForwardAsync(http, deviceId, ct));
        api.MapGet("/playback.mp4", Forward);
        api.MapGet("/playback.m3u8", Forward);
        api.MapGet("/live.mp4", Forward);
        return api;
    }

    private static Task<IResult> Forward(string deviceId, HttpContext http, RecordingForwarder forwarder, CancellationToken ct) =>
        forwarder.ForwardAsync(http, deviceId, ct);
}
