using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Association;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Api;

public static class LiveApi
{
    /// <summary>
    /// Live view of a device as one endless fragmented MP4 (init segment, then one fragment per GOP),
    /// relayed from the recorder's own RTSP session: the camera sees one session whatever the number
    /// of viewers. Only the server that records the device serves it (421 naming the current server elsewhere).
    /// </summary>
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/devices/{deviceId}/live.mp4", async Task<IResult> (string deviceId, HttpContext http, RecordingSupervisor supervisor, AssociationTable table) =>
        {
            if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Device ids are {Ids.Rule}.");
            if (supervisor.LiveFeedOf(deviceId) is not { } feed)
            {
                if (table.CurrentServer(deviceId, DataTypes.Video) is { } current && current != table.LocalServerId)
                    return TypedResults.Problem($"'{table.LocalServerId}' does not record '{deviceId}': its live view is served by '{current}' ({table.Server(current)?.Address}).",
                        statusCode: StatusCodes.Status421MisdirectedRequest, title: "Misdirected request",
                        extensions: new Dictionary<string, object?> { ["currentRecordingServerId"] = current, ["currentRecordingServerAddress"] = table.Server(current)?.Address });
                throw new NotFoundException($"'{deviceId}' is not recorded by this server.");
            }
            using var viewer = feed.Subscribe();
            http.Response.ContentType = "video/mp4";
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.StartAsync(http.RequestAborted);
            try
            {
                await foreach (var chunk in viewer.Reader.ReadAllAsync(http.RequestAborted))
                {
                    if (chunk.Init is { } init) await http.Response.Body.WriteAsync(init, http.RequestAborted);
                    await http.Response.Body.WriteAsync(chunk.Fragment, http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or Live.LiveViewerTooSlowException)
            {
                // The viewer left, or could not keep up: its stream ends here.
            }
            return Results.Empty;
        }).WithTags("Live").RequireView();
        return app;
    }
}
