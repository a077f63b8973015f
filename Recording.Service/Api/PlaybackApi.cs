using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Association;
using VmsServices.Recording.Playback;
using VmsServices.Recording.Serving;

namespace VmsServices.Recording.Api;

/// <summary>
/// Playback of a time range of a device, wherever its segments live (seed 000 FIG. 4/5): asked of
/// the device's current recording server, which plans the range over every holder's segments.
/// <c>playback.mp4</c> is one fragmented MP4 stitched on the fly (no transcoding, no temp file,
/// Range requests); <c>playback.m3u8</c> an HLS playlist (RFC 8216) of the same pieces.
/// </summary>
public static class PlaybackApi
{
    public static IServiceCollection AddPlayback(this IServiceCollection services)
    {
        services.AddSingleton<HolderClient>();
        services.AddSingleton<PlaybackService>();
        return services;
    }

    public static RouteGroupBuilder MapPlaybackApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices/{deviceId}").WithTags("Playback").RequireView();
        api.MapGet("/playback.mp4", async Task<IResult> (string deviceId, long? fromUtcMicros, long? toUtcMicros, string? dataType,
            AssociationTable table, PlaybackService playback, CancellationToken ct) =>
        {
            var (device, type, from, to) = Validate(deviceId, dataType, fromUtcMicros, toUtcMicros);
            if (NotCurrent(table, device, type, from) is { } elsewhere) return elsewhere;
            try
            {
                var stream = await playback.OpenMp4Async(device, type, from, to, ct)
                    ?? throw new NotFoundException($"Nothing of '{device}' ({type}) is recorded in [{from}, {to}).");
                return Results.Stream(stream, "video/mp4", $"{device}-{type}-{from}-{to}.mp4", enableRangeProcessing: true);
            }
            catch (HolderUnavailableException e)
            {
                return SegmentProxy.HolderProblem(e.HolderId, e.Address, e.Message);
            }
        });
        api.MapGet("/playback.m3u8", async Task<IResult> (string deviceId, long? fromUtcMicros, long? toUtcMicros, string? dataType,
            AssociationTable table, PlaybackService playback, TimeProvider clock, CancellationToken ct) =>
        {
            var (device, type, from, to) = Validate(deviceId, dataType, fromUtcMicros, toUtcMicros);
            if (NotCurrent(table, device, type, from) is { } elsewhere) return elsewhere;
            var plan = await playback.PlanAsync(device, type, from, to, ct);
            if (plan.Count == 0) throw new NotFoundException($"Nothing of '{device}' ({type}) is recorded in [{from}, {to}).");
            var ended = to <= clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
            return Results.Text(HlsPlaylist.Write(device, type, plan, ended), HlsPlaylist.ContentType);
        });
        return api;
    }

    /// <summary>The segment API's decision (FIG. 5, 507): only the current recording server plays back; others answer 421 naming it, or 404.</summary>
    private static IResult? NotCurrent(AssociationTable table, string device, string type, long from)
    {
        var current = table.CurrentServer(device, type)
            ?? throw new NotFoundException($"'{device}' ({type}) is not a device of this server's configuration copy; ask its current recording server.");
        return current == table.LocalServerId ? null : Misdirected.Problem(table, device, type, from, current);
    }

    private static (string Device, string Type, long From, long To) Validate(string deviceId, string? dataType, long? from, long? to)
    {
        if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
        var type = dataType ?? DataTypes.Video;
        if (!DataTypes.IsKnown(type)) throw new InvalidRequestException($"dataType must be one of {string.Join(", ", DataTypes.All)}.");
        if (from is not { } f || to is not { } t) throw new InvalidRequestException("fromUtcMicros and toUtcMicros are required (UTC microseconds).");
        if (t <= f) throw new InvalidRequestException("toUtcMicros must be after fromUtcMicros.");
        return (deviceId, type, f, t);
    }
}
