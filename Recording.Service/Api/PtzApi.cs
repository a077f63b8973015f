using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Recording.Ptz;

namespace VmsServices.Recording.Api;

public static class PtzApi
{
    /// <summary>PTZ of a device, relayed to the camera by its current recording server.</summary>
    public static IEndpointRouteBuilder MapPtzApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices/{deviceId}/ptz").WithTags("PTZ").RequireOperate();
        api.MapPost("/move", async (string deviceId, PtzMoveRequest request, PtzRelay relay, CancellationToken ct) =>
        {
            await relay.MoveAsync(Valid(deviceId), request, ct);
            return Results.NoContent();
        });
        api.MapPost("/stop", async (string deviceId, PtzRelay relay, CancellationToken ct) =>
        {
            await relay.StopAsync(Valid(deviceId), ct);
            return Results.NoContent();
        });
        return app;
    }

    private static string Valid(string deviceId) => Ids.IsValid(deviceId) ? deviceId : throw new InvalidRequestException($"Device ids are {Ids.Rule}.");
}
