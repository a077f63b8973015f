using VmsServices.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using VmsServices.Hosting;
using VmsServices.Management.Moves;

namespace VmsServices.Management.Api;

/// <summary>Moves a device to another recording server (seed 000 FIG. 8/9) and reports moves.</summary>
public static class MovesApi
{
    public static IEndpointRouteBuilder MapMovesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/{id}/move", MoveAsync).WithTags("Moves").RequireAdminister().WithDeviceRoute("id");

        var api = app.MapGroup("/api/moves").WithTags("Moves").RequireView();
        api.MapGet("/{moveId}", async (string moveId, HttpContext http, MoveStore moves, CancellationToken ct) =>
        {
            var move = await moves.LoadAsync(ParseMoveId(moveId), ct);
            // A user limited to some devices is told of no other device's move, not even that it exists.
            if (move is null || !DeviceAccess.Allows(http.User, move.DeviceId)) throw new NotFoundException($"Move {moveId} is not known.");
            return MoveResponse.From(move);
        });
        api.MapGet("/", async (string? deviceId, int? limit, HttpContext http, MoveStore moves, CancellationToken ct) =>
        {
            if (deviceId is not null) RequestValidation.RouteId(deviceId, "device");
            if (limit is < 1 or > 1000) throw new InvalidRequestException("limit must be between 1 and 1000.");
            return (await moves.ListAsync(deviceId, limit ?? 100, ct)).Where(m => DeviceAccess.Allows(http.User, m.DeviceId)).Select(MoveResponse.From).ToList();
        });
        return app;
    }

    /// <summary>
    /// Waits up to Management:Moves:AcknowledgeTimeout for the move to end: 200 when it took effect,
    /// 202 with its location while it still runs, otherwise a problem naming the reason.
    /// </summary>
    private static async Task<IResult> MoveAsync(
        string id, MoveDeviceRequest request, MoveService service, MoveSettings settings, HttpContext http, CancellationToken ct)
    {
        var deviceId = RequestValidation.RouteId(id, "device");
        var to = request.Validate();
        var requestedBy = http.User.Identity?.Name is { Length: > 0 } name ? name : "anonymous";
        var move = await service.RequestAsync(deviceId, to, requestedBy, ct);
        var ended = await service.WaitAsync(move.CorrelationId, settings.AcknowledgeTimeout, ct);

        // Two identical requests raced past the running-move check: the loser answers with the winner.
        if (ended is { Failure: MoveFailures.Conflict } && await service.RunningAsync(deviceId, ct) is { } running && running.ToRecordingServerId == to)
            ended = await service.WaitAsync(running.CorrelationId, settings.AcknowledgeTimeout, ct) ?? running;

        var current = ended ?? move;
        if (MoveStates.IsRunning(current.CurrentState))
            return TypedResults.Accepted($"/api/moves/{current.CorrelationId}", MoveResponse.From(current));
        if (current.CurrentState == MoveStates.Completed)
            return TypedResults.Ok(MoveResponse.From(current));
        var (status, title) = current.Failure switch
        {
            MoveFailures.Invalid => (StatusCodes.Status400BadRequest, "Invalid request"),
            MoveFailures.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            MoveFailures.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            MoveFailures.NotAuthorized => (StatusCodes.Status403Forbidden, "Forbidden"),
            MoveFailures.TimedOut => (StatusCodes.Status504GatewayTimeout, "Move timed out"),
            _ => (StatusCodes.Status502BadGateway, "Move failed"),
        };
        return TypedResults.Problem(current.Reason, statusCode: status, title: title, extensions: new Dictionary<string, object?>
        {
            ["moveId"] = current.CorrelationId,
            ["state"] = current.CurrentState,
            ["failure"] = current.Failure,
        });
    }

    private static Guid ParseMoveId(string moveId) =>
        Guid.TryParseExact(moveId, "D", out var id) ? id : throw new InvalidRequestException("A move id is a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
}

/// <summary>Body of POST /api/devices/{id}/move.</summary>
public sealed record MoveDeviceRequest(string ToRecordingServerId)
{
    public string Validate()
    {
        var errors = new List<string>();
        RequestValidation.CheckId(errors, "toRecordingServerId", ToRecordingServerId);
        RequestValidation.ThrowIfAny(errors);
        return ToRecordingServerId;
    }
}

/// <summary>A move as the API shows it; times are UTC microseconds since the Unix epoch.</summary>
public sealed record MoveResponse(
    Guid Id,
    string DeviceId,
    string FromRecordingServerId,
    string ToRecordingServerId,
    string State,
    string RequestedBy,
    string? Failure,
    string? Reason,
    long RequestedUtcMicros,
    long? DeadlineUtcMicros,
    long? EndedUtcMicros,
    long? ConfigurationVersion)
{
    public static MoveResponse From(MoveState m) => new(
        m.CorrelationId, m.DeviceId, m.FromRecordingServerId, m.ToRecordingServerId, m.CurrentState, m.RequestedBy,
        m.Failure, m.Reason, m.CreatedUtcMicros, m.DeadlineUtcMicros, m.EndedUtcMicros, m.ConfigurationVersion);
}
