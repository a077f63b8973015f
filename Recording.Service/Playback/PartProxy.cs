using System.Net;
using VmsServices.Recording.Association;

namespace VmsServices.Recording.Playback;

/// <summary>
/// FIG. 5, 508 for segment parts (<c>part=init|fragment</c>, cut <c>endUtcMicros</c>): what
/// <see cref="Serving.SegmentProxy"/> does for whole segments, so that an HLS player (RFC 8216)
/// only ever talks to the current recording server. The holder is asked with <c>scope=local</c>;
/// Range/If-Range go to it, status 200/206/416 and the entity headers come back as the bytes arrive.
/// </summary>
public sealed class PartProxy(HolderClient holders, AssociationTable table, AssociationSettings settings, ILogger<PartProxy> log)
{
    public async Task<IResult> ServeAsync(HttpContext http, SegmentLocation location, string deviceId, string dataType, SegmentPart part, long? endUtcMicros, CancellationToken ct)
    {
        var holder = table.Server(location.RecordingServerId);
        if (holder is null)
            return Problem(location.RecordingServerId, null, $"The configuration copy has no address for recording server '{location.RecordingServerId}', which holds this segment.");
        HttpResponseMessage upstream;
        try
        {
            upstream = await holders.OpenPartAsync(holder.Address, deviceId, dataType, location.StartUtcMicros, SegmentParts.Name(part), endUtcMicros,
                http.Request.Headers.Range.ToString(), http.Request.Headers.IfRange.ToString(), ct);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("Holder {Holder} unreachable for the {Part} of {Device}/{DataType}/{Start}: {Reason}", holder.Id, part, deviceId, dataType, location.StartUtcMicros, e.Message);
            return Problem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, is unreachable: {e.Message}");
        }
        if (upstream.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable)
            return new PassThrough(upstream, settings.PeerTransferTimeout);
        using (upstream)
        {
            if (upstream.StatusCode == HttpStatusCode.NotFound)
            {
                table.RemoveSegments(holder.Id, deviceId, dataType, [location.StartUtcMicros], holdsNoMore: false);
                return TypedResults.Problem($"Recording server '{holder.Id}' no longer holds the {dataType} segment of '{deviceId}' starting at {location.StartUtcMicros}.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            if (upstream.StatusCode == HttpStatusCode.BadRequest) // e.g. a holder of an older version that does not know part=
                return Problem(holder.Id, holder.Address, $"Recording server '{holder.Id}' refused the {SegmentParts.Name(part)} request: {await upstream.Content.ReadAsStringAsync(ct)}");
            return Problem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, answered {(int)upstream.StatusCode}.");
        }
    }

    public static IResult Problem(string holderId, string? address, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Holder unavailable", extensions: new Dictionary<string, object?>
        {
            ["holderRecordingServerId"] = holderId,
            ["holderRecordingServerAddress"] = address,
        });

    /// <summary>Copies the holder's status, entity headers and body to the response as the bytes arrive.</summary>
    private sealed class PassThrough(HttpResponseMessage upstream, TimeSpan transferTimeout) : IResult
    {
        private static readonly string[] ContentHeaders = ["Content-Type", "Content-Length", "Content-Range", "Content-Disposition", "Last-Modified"];

        public async Task ExecuteAsync(HttpContext http)
        {
            using (upstream)
            {
                http.Response.StatusCode = (int)upstream.StatusCode;
                foreach (var name in ContentHeaders)
                    if (upstream.Content.Headers.TryGetValues(name, out var values)) http.Response.Headers[name] = values.ToArray();
                if (upstream.Headers.TryGetValues("Accept-Ranges", out var ranges)) http.Response.Headers.AcceptRanges = ranges.ToArray();
                if (upstream.Headers.ETag is { } etag) http.Response.Headers.ETag = etag.ToString();
                using var transfer = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                transfer.CancelAfter(transferTimeout);
                try
                {
                    await using var body = await upstream.Content.ReadAsStreamAsync(transfer.Token);
                    await body.CopyToAsync(http.Response.Body, 81920, transfer.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    http.Abort(); // a short body must look broken, never complete
                }
            }
        }
    }
}
