using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Association;
using VmsServices.Recording.Playback;
using VmsServices.Recording.Serving;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Api;

/// <summary>A committed segment as the API lists it (times in UTC microseconds, [start, end)).</summary>
public sealed record SegmentDto(long StartUtcMicros, long EndUtcMicros, long SizeBytes, bool AfterGap, string RecordingServerId);

public static class SegmentsApi
{
    public const int DefaultLimit = 10_000;
    public const int MaxLimit = 100_000;

    /// <summary>
    /// Segments of a device (seed 000 FIG. 4/5). Clients ask only the device's current recording
    /// server, which lists and serves the segments of every holder ([0084], [0089]-[0092]);
    /// <c>scope=local</c> restricts an answer to what this server itself holds (peers always ask so,
    /// which also means a peer never proxies a proxied request).
    /// </summary>
    public static RouteGroupBuilder MapSegmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/devices/{deviceId}/segments").WithTags("Segments").RequireView();
        api.MapGet("/", async (string deviceId, string? dataType, long? fromUtcMicros, long? toUtcMicros, int? limit, string? scope,
            ISegmentStore store, AssociationTable table, SegmentLocator locator, CancellationToken ct) =>
        {
            var (device, type) = Validate(deviceId, dataType);
            var localOnly = IsLocalScope(scope);
            var max = limit is null ? DefaultLimit : Math.Clamp(limit.Value, 1, MaxLimit);
            var (from, to) = (fromUtcMicros ?? long.MinValue, toUtcMicros ?? long.MaxValue);
            // A server that is not current for the device answers with what it holds, as before.
            if (!localOnly && table.IsCurrentHere(device, type)) return await locator.ListMergedAsync(device, type, from, to, max, ct);
            var segments = await store.ListAsync(device, type, from, to, ct, max);
            return segments.Select(s => new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes, s.Flags.HasFlag(SegmentFlags.AfterGap), table.LocalServerId)).ToList();
        });
        // part=init|fragment (playback, HLS): only the file's init segment or the segment's moof+mdat;
        // endUtcMicros (with part=fragment) cuts the samples from that instant on (PlaybackPlanner).
        api.MapGet("/{startUtcMicros:long}", async Task<IResult> (string deviceId, long startUtcMicros, string? dataType, string? scope, string? part, long? endUtcMicros, HttpContext http,
            ISegmentStore store, AssociationTable table, AssociationSynchronizer synchronizer, SegmentProxy proxy, CancellationToken ct) =>
        {
            var (device, type) = Validate(deviceId, dataType);
            var localOnly = IsLocalScope(scope);
            var which = SegmentParts.Parse(part);
            if (endUtcMicros is { } cutAt && (which != SegmentPart.Fragment || cutAt <= startUtcMicros))
                throw new InvalidRequestException("endUtcMicros needs part=fragment and must be after the segment's start.");
            // 505/506: held here, read from the local store.
            if (await store.FindAsync(device, type, startUtcMicros, ct) is { } segment)
                return SegmentBytesServed.Local(await ServeLocalAsync(http, store, segment, which, endUtcMicros, ct));
            if (localOnly)
                throw new NotFoundException($"No {type} segment of '{device}' starts at {startUtcMicros} on this server.");

            // 507: only the current recording server fetches from the others.
            var current = table.CurrentServer(device, type);
            if (current is null)
                throw new NotFoundException($"'{device}' ({type}) is not a device of this server's configuration copy; ask its current recording server.");
            if (current != table.LocalServerId)
                return Misdirected.Problem(table, device, type, startUtcMicros, current);

            // 504 + 508: the association table names the holder; unknown → resynchronize this device once ([0076]).
            if (!table.TryFindSegment(device, type, startUtcMicros, out var location))
            {
                await synchronizer.ResyncAsync(device, ct);
                if (!table.TryFindSegment(device, type, startUtcMicros, out location))
                    throw new NotFoundException($"No recording server holds a {type} segment of '{device}' starting at {startUtcMicros}.");
            }
            return await proxy.ServeAsync(http, location, device, type, ct, which == SegmentPart.Whole ? null : SegmentParts.Name(which), endUtcMicros);
        });
        return api;
    }

    /// <summary>A local part; with <c>Want-Repr-Digest</c> (an archiving server) also its SHA-256 (<see cref="SegmentDigest"/>).</summary>
    private static async Task<IResult> ServeLocalAsync(HttpContext http, ISegmentStore store, SegmentInfo segment, SegmentPart part, long? endUtcMicros, CancellationToken ct)
    {
        var name = $"{segment.DeviceId}-{segment.DataType}-{segment.StartUtcMicros}{(part == SegmentPart.Whole ? "" : "-" + SegmentParts.Name(part))}.mp4";
        var digest = SegmentDigest.IsWanted(http.Request);
        if (endUtcMicros is { } cut && cut < segment.EndUtcMicros)
        {
            // A cut fragment is rebuilt in memory (one segment, about a megabyte).
            var trimmed = await SegmentParts.ReadTrimmedAsync(store, segment, cut, ct);
            if (trimmed.Length == 0) throw new NotFoundException($"Nothing of the {segment.DataType} segment of '{segment.DeviceId}' starting at {segment.StartUtcMicros} is before {cut}.");
            if (digest) http.Response.Headers[SegmentDigest.Header] = SegmentDigest.Format(System.Security.Cryptography.SHA256.HashData(trimmed));
            return Results.Bytes(trimmed, "video/mp4", name, enableRangeProcessing: true);
        }
        var stream = SegmentParts.Open(store, segment, part);
        if (digest) http.Response.Headers[SegmentDigest.Header] = SegmentDigest.Format(await SegmentDigest.OfStreamAsync(stream, ct));
        return Results.Stream(stream, "video/mp4", name, enableRangeProcessing: true);
    }

    private static bool IsLocalScope(string? scope) => scope switch
    {
        null or "" or "all" => false,
        "local" => true,
        _ => throw new InvalidRequestException("scope must be 'local' (only what this server holds) or 'all' (the default)."),
    };

    private static (string DeviceId, string DataType) Validate(string deviceId, string? dataType)
    {
        if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
        var type = dataType ?? DataTypes.Video;
        if (!DataTypes.IsKnown(type)) throw new InvalidRequestException($"dataType must be one of {string.Join(", ", DataTypes.All)}.");
        return (deviceId, type);
    }
}
