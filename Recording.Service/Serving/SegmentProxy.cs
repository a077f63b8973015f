using System.Net;
using VmsServices.Hosting.Http;
using VmsServices.Recording.Association;

namespace VmsServices.Recording.Serving;

/// <summary>
/// Step 508 of seed 000 FIG. 5 ([0092]): this server is current for the device but a peer holds
/// the segment, so it is fetched from that peer and streamed through to the requester (509) as it
/// arrives, never buffered whole. The Range / If-Range headers go to the peer; status 200/206/416
/// and Content-Type, Content-Length, Content-Range, Accept-Ranges, Content-Disposition come back.
/// The peer is asked with <c>scope=local</c> so it never proxies again.
/// </summary>
public sealed class SegmentProxy(PeerSegmentsClient peers, AssociationTable table, AssociationSettings settings, ILogger<SegmentProxy> log,
    RecordingMetrics? metrics = null)
{
    public async Task<IResult> ServeAsync(HttpContext http, SegmentLocation location, string deviceId, string dataType, CancellationToken ct,
        string? part = null, long? endUtcMicros = null)
    {
        var holder = table.Server(location.RecordingServerId);
        if (holder is null)
            return HolderProblem(location.RecordingServerId, null, $"The configuration copy has no address for recording server '{location.RecordingServerId}', which holds this segment.");
        HttpResponseMessage upstream;
        try
        {
            upstream = await peers.OpenSegmentAsync(holder.Address, deviceId, dataType, location.StartUtcMicros,
                http.Request.Headers.Range.ToString(), http.Request.Headers.IfRange.ToString(), ct, part, endUtcMicros);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("Holder {Holder} at {Address} unreachable for {Device}/{DataType}/{Start}: {Reason}", holder.Id, holder.Address, deviceId, dataType, location.StartUtcMicros, e.Message);
            metrics?.ProxiedFetchFailed();
            return HolderProblem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, is unreachable: {e.Message}");
        }

        if (upstream.StatusCode is HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.RequestedRangeNotSatisfiable)
            return SegmentBytesServed.Proxied(new ProxiedResponse(upstream, settings.PeerTransferTimeout));
        using (upstream)
        {
            if (upstream.StatusCode != HttpStatusCode.NotFound) metrics?.ProxiedFetchFailed();
            if (upstream.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted on the holder since the table learned of it (its SegmentsDeleted is on its way).
                table.RemoveSegments(holder.Id, deviceId, dataType, [location.StartUtcMicros], holdsNoMore: false);
                return TypedResults.Problem($"Recording server '{holder.Id}' no longer holds the {dataType} segment of '{deviceId}' starting at {location.StartUtcMicros}.",
                    statusCode: StatusCodes.Status404NotFound, title: "Not found");
            }
            if (upstream.StatusCode == HttpStatusCode.BadRequest) // e.g. a holder of an older version that does not know part=
                return HolderProblem(holder.Id, holder.Address, $"Recording server '{holder.Id}' refused the request: {await upstream.Content.ReadAsStringAsync(ct)}");
            log.LogWarning("Holder {Holder} answered {Status} for {Device}/{DataType}/{Start}", holder.Id, (int)upstream.StatusCode, deviceId, dataType, location.StartUtcMicros);
            return HolderProblem(holder.Id, holder.Address, $"Recording server '{holder.Id}' ({holder.Address}), which holds this segment, answered {(int)upstream.StatusCode}.");
        }
    }

    public static IResult HolderProblem(string holderId, string? address, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Holder unavailable", extensions: new Dictionary<string, object?>
        {
            ["holderRecordingServerId"] = holderId,
            ["holderRecordingServerAddress"] = address,
        });
}
