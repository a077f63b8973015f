using System.Net;
using VmsServices.Recording.Association;

namespace VmsServices.Recording.Serving;

/// <summary>
/// Step 508 of seed 000 FIG. 5 ([0092]): this server is current for the device but a peer holds
/// the segment, so it is fetched from that peer and streamed through to the requester (509) as it
/// arrives, never buffered whole. The Range / If-Range headers go to the peer; status 200/206/416
/// and Content-Type, Content-Length, Content-Range, Accept-Ranges, Content-Disposition come back.
/// The peer is asked with <c>scope=local</c> so it never proxies again.
/// </summary>
public sealed class SegmentProxy(PeerSegmentsClient peers, AssociationTable table, AssociationSettings settings, ILogger<SegmentProxy> log)
{
    public async Task<IResult> ServeAsync(HttpContext http, SegmentLocation location, string deviceId, string dataType, CancellationToken ct)
    {
        var holder = table.Server(location.RecordingServerId);
        if (holder is null)
            return HolderProblem(location.RecordingServerId, null, $"The configuration copy has no address for recording server '{location.RecordingServerId}', which holds this segment.");
        HttpResponseMessage upstream;
        try
        {
            upstream = await peers.OpenSegmentAsync(holder.Address, deviceId, dataType, location.StartUtcMicros,
                http.Request.Headers.Range.ToString(), http.Request.Headers.IfRange.ToString(), ct);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("Holder {Holder} at {Address} unreachable for {Device}/{DataType}/{Start}: {Reason}", holder.Id, holder.Address, deviceId, dataType, location.StartUtcMicros, e.Message);
            return HolderProblem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, is unreachable: {e.Message}");
        }

        if (upstream.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable)
            return new PassThrough(upstream, settings.PeerTransferTimeout);
        using (upstream)
        {
            if (upstream.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted on the holder since the table learned of it (its SegmentsDeleted is on its way).
                table.RemoveSegments(holder.Id, deviceId, dataType, [location.StartUtcMicros], holdsNoMore: false);
                return TypedResults.Problem($"Recording server '{holder.Id}' no longer holds the {dataType} segment of '{deviceId}' starting at {location.StartUtcMicros}.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            log.LogWarning("Holder {Holder} answered {Status} for {Device}/{DataType}/{Start}", holder.Id, (int)upstream.StatusCode, deviceId, dataType, location.StartUtcMicros);
            return HolderProblem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, answered {(int)upstream.StatusCode}.");
        }
    }

    private static IResult HolderProblem(string holderId, string? address, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Holder unavailable", extensions: new Dictionary<string, object?>
        {
            ["holderRecordingServerId"] = holderId,
            ["holderRecordingServerAddress"] = address,
        });

    /// <summary>Copies the peer's status, entity headers and body to the response as the bytes arrive.</summary>
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
                // HttpClient.Timeout no longer applies once the headers are in: bound a stalled holder here.
                using var transfer = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
                transfer.CancelAfter(transferTimeout);
                try
                {
                    await using var body = await upstream.Content.ReadAsStreamAsync(transfer.Token);
                    await body.CopyToAsync(http.Response.Body, 81920, transfer.Token);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    http.Abort(); // the holder went away mid-body: the client must see a broken transfer, not a short file
                }
            }
        }
    }
}
