using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Http;
using VmsServices.Messages;
using VmsServices.Recording.Api;
using VmsServices.Recording.Association;
using VmsServices.Recording.Serving;

namespace VmsServices.Recording.Query;

/// <summary>What any recording server answers about a camera (seed 001 [0089]-[0090]).</summary>
public sealed record CameraQueryResult(
    string DeviceId,
    string State,
    string? CurrentOwner,
    IReadOnlyList<PreviousOwner> PreviousOwners,
    string AnsweredBy,
    IReadOnlyList<SegmentDto> Segments);

/// <summary>
/// A user may ask any recording server about any camera (seed 001 [0088]-[0091]). The camera's
/// current owner answers: its history (current owner, previous owners, state, from the management
/// server's camera history table) and the segment list merged across every holder. Any other server
/// forwards the query to the current owner (once: a forwarded query is never forwarded again). When
/// the management server is unreachable the current owner still answers from its configuration copy.
/// </summary>
public sealed class CameraQuery(
    IBus bus,
    BusSettings busSettings,
    AssociationTable table,
    SegmentLocator locator,
    IHttpClientFactory httpClients,
    ILogger<CameraQuery> log)
{
    public async Task<IResult> AnswerAsync(HttpContext http, string deviceId, long from, long to, int limit, bool forwarded, CancellationToken ct)
    {
        var history = await AskManagementAsync(deviceId, ct);
        var local = table.LocalServerId;
        if (table.IsCurrentHere(deviceId, DataTypes.Video) || history?.CurrentOwner == local)
        {
            var segments = await locator.ListMergedAsync(deviceId, DataTypes.Video, from, to, limit, ct);
            return TypedResults.Ok(history is null ? FromCopy(deviceId, segments) : new CameraQueryResult(
                deviceId, history.State, history.CurrentOwner, history.PreviousOwners, local, segments));
        }
        if (history is { Known: false }) throw new NotFoundException($"Camera '{deviceId}' is not known to the management server.");
        var owner = history?.CurrentOwner ?? table.CurrentServer(deviceId, DataTypes.Video)
            ?? throw new UnavailableException($"The management server did not answer and camera '{deviceId}' is not in this server's configuration copy; ask again later or ask its current recording server.");
        if (history is { CurrentOwner: null })
            return TypedResults.Ok(new CameraQueryResult(deviceId, history.State, null, history.PreviousOwners, local, []));
        if (forwarded)
            return TypedResults.Problem($"'{local}' was asked on behalf of another server but is not the current recording server of '{deviceId}' ('{owner}' is).",
                statusCode: StatusCodes.Status421MisdirectedRequest, title: "Misdirected request");
        var address = history?.CurrentOwnerAddress ?? table.Server(owner)?.Address
            ?? throw new UnavailableException($"The address of '{owner}', current recording server of '{deviceId}', is not known here.");
        return await ForwardAsync(http, address, owner, ct);
    }

    private async Task<CameraHistoryReply?> AskManagementAsync(string deviceId, CancellationToken ct)
    {
        try
        {
            var client = bus.CreateRequestClient<GetCameraHistory>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(ms: (int)busSettings.RequestTimeout.TotalMilliseconds));
            return (await client.GetResponse<CameraHistoryReply>(new GetCameraHistory(deviceId), ct)).Message;
        }
        catch (Exception e) when (e is RequestTimeoutException or RequestFaultException or MassTransitException && !ct.IsCancellationRequested)
        {
            log.LogWarning("The management server did not answer about camera {Device} ({Reason}); answering from the configuration copy", deviceId, e.Message);
            return null;
        }
    }

    /// <summary>Without the management server: this server is current, the copy's other holders are the previous owners.</summary>
    private CameraQueryResult FromCopy(string deviceId, IReadOnlyList<SegmentDto> segments)
    {
        var previous = table.Find(deviceId, DataTypes.Video)?.RemoteHolders().Select(s => new PreviousOwner(s, 0, 0)).ToList() ?? [];
        return new CameraQueryResult(deviceId, "unknown", table.LocalServerId, previous, table.LocalServerId, segments);
    }

    private async Task<IResult> ForwardAsync(HttpContext http, string address, string owner, CancellationToken ct)
    {
        var query = http.Request.QueryString.Add("forwarded", "true");
        var uri = new Uri($"{address.TrimEnd('/')}{http.Request.Path}{query}");
        try
        {
            var response = await httpClients.CreateClient(PeerSegmentsClient.HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            return new ProxiedResponse(response, TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return TypedResults.Problem($"The current recording server of this camera, '{owner}' at {address}, did not answer: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway, title: "Current recording server unreachable",
                extensions: new Dictionary<string, object?> { ["currentRecordingServerId"] = owner });
        }
    }
}
