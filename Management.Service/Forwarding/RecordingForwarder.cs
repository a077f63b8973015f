using Microsoft.AspNetCore.Http.Extensions;
using VmsServices.Hosting;
using VmsServices.Hosting.Http;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Forwarding;

/// <summary>
/// The variant of seed 000 [0086]: a client asks the management server for recordings of a
/// device; the management server looks up the device's current recording server in the master
/// configuration table and forwards the request there, streaming the answer back. The current
/// server serves it locally or from the holder, as for a direct request.
/// </summary>
public sealed class RecordingForwarder(ConfigurationStore store, IHttpClientFactory clients, ILogger<RecordingForwarder> log)
{
    public const string ClientName = "vms-recording-servers";
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(10);

    public async Task<IResult> ForwardAsync(HttpContext http, string deviceId, CancellationToken ct)
    {
        if (!Ids.IsValid(deviceId)) throw new InvalidRequestException($"Not a valid device id: {Ids.Rule}.");
        var dataType = http.Request.Query["dataType"].FirstOrDefault() ?? DataTypes.Video;
        var device = await store.GetDeviceAsync(deviceId, ct);
        var current = device.Entries.FirstOrDefault(e => e.IsCurrent && e.DataType == dataType)
            ?? throw new NotFoundException($"Device '{deviceId}' has no current recording server for {dataType}.");
        var server = await store.GetServerAsync(current.RecordingServerId, ct);

        // Same path and query on the current recording server: both services expose the same recordings API.
        var target = new Uri(new Uri(server.Address + "/"), http.Request.GetEncodedPathAndQuery().TrimStart('/'));
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        ProxiedResponse.CopyRequestHeaders(http.Request, request);
        CallerToken.Attach(request, CallerToken.Of(http.Request));
        try
        {
            var upstream = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new ProxiedResponse(upstream, TransferTimeout);
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("Current recording server {Server} of {Device} unreachable: {Reason}", server.Id, deviceId, e.Message);
            return TypedResults.Problem($"Recording server '{server.Id}' ({server.Address}), current for '{deviceId}', is unreachable: {e.Message}",
                statusCode: StatusCodes.Status502BadGateway, title: "Recording server unavailable",
                extensions: new Dictionary<string, object?> { ["currentRecordingServerId"] = server.Id, ["currentRecordingServerAddress"] = server.Address });
        }
    }
}
