using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Api;

/// <summary>A committed segment as the API lists it (times in UTC microseconds, [start, end)).</summary>
public sealed record SegmentDto(long StartUtcMicros, long EndUtcMicros, long SizeBytes, bool AfterGap, string RecordingServerId);

public static class SegmentsApi
{
    public const int DefaultLimit = 10_000;
    public const int MaxLimit = 100_000;

    /// <summary>Segments this server holds (seed 000 FIG. 5, 505-506): list a time range, read one as a standalone MP4.</summary>
    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices/{deviceId}/segments").WithTags("Segments");
        api.MapGet("/", async (string deviceId, string? dataType, long? fromUtcMicros, long? toUtcMicros, int? limit,
            ISegmentStore store, RecordingSettings settings, CancellationToken ct) =>
        {
            var (device, type) = Validate(deviceId, dataType);
            var max = limit is null ? DefaultLimit : Math.Clamp(limit.Value, 1, MaxLimit);
            var segments = await store.ListAsync(device, type, fromUtcMicros ?? long.MinValue, toUtcMicros ?? long.MaxValue, ct);
            return segments.Take(max).Select(s => new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes, s.Flags.HasFlag(SegmentFlags.AfterGap), settings.ServerId)).ToList();
        });
        api.MapGet("/{startUtcMicros:long}", async (string deviceId, long startUtcMicros, string? dataType, ISegmentStore store, CancellationToken ct) =>
        {
            var (device, type) = Validate(deviceId, dataType);
            var segment = await store.FindAsync(device, type, startUtcMicros, ct)
                ?? throw new NotFoundException($"No {type} segment of '{device}' starts at {startUtcMicros} on this server.");
            return Results.Stream(store.OpenSegment(segment), "video/mp4", $"{device}-{type}-{startUtcMicros}.mp4", enableRangeProcessing: true);
        });
        return api;
    }

    private static (string DeviceId, string DataType) Validate(string deviceId, string? dataType)
    {
        if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
        var type = dataType ?? DataTypes.Video;
        if (!DataTypes.IsKnown(type)) throw new InvalidRequestException($"dataType must be one of {string.Join(", ", DataTypes.All)}.");
        return (deviceId, type);
    }
}
