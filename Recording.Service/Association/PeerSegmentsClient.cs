using System.Net.Http.Json;
using VmsServices.Recording.Api;

namespace VmsServices.Recording.Association;

/// <summary>
/// HTTP calls from this recording server to its peers, through one named HttpClient
/// (<see cref="HttpClientName"/>): a peer's own segments of one device (seed 000 [0011]: the request
/// carries the device id, so only what is relevant travels), and opening one segment for proxying.
/// Every call carries <c>scope=local</c>: a peer answers only from its own store and never proxies
/// again, so two servers can never bounce a request between them.
/// </summary>
public sealed class PeerSegmentsClient(IHttpClientFactory factory, AssociationSettings settings)
{
    public const string HttpClientName = "vms-peers";

    /// <summary>Segments of (device, data type) the peer at <paramref name="address"/> itself holds, in start order; paged.</summary>
    public async Task<List<(long Start, long End)>> ListLocalAsync(string address, string deviceId, string dataType, CancellationToken ct)
    {
        var client = factory.CreateClient(HttpClientName);
        var result = new List<(long, long)>();
        long? from = null;
        while (true)
        {
            var url = $"{address.TrimEnd('/')}/api/devices/{Uri.EscapeDataString(deviceId)}/segments?dataType={Uri.EscapeDataString(dataType)}&scope=local&limit={SegmentsApi.MaxLimit}"
                + (from is null ? "" : $"&fromUtcMicros={from}");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.PeerTransferTimeout);
            var page = await client.GetFromJsonAsync<List<SegmentDto>>(url, timeout.Token) ?? [];
            foreach (var s in page) result.Add((s.StartUtcMicros, s.EndUtcMicros));
            if (page.Count < SegmentsApi.MaxLimit) return result;
            from = page[^1].EndUtcMicros; // segments of one server never overlap: the next page starts at or after it
        }
    }

    /// <summary>
    /// Opens one segment on its holder (FIG. 5, 508) with the client's Range header forwarded;
    /// returns as soon as the headers are in (the body is streamed by the caller, never buffered).
    /// </summary>
    public async Task<HttpResponseMessage> OpenSegmentAsync(string address, string deviceId, string dataType, long startUtcMicros,
        string? range, string? ifRange, CancellationToken ct, string? part = null, long? endUtcMicros = null)
    {
        var client = factory.CreateClient(HttpClientName);
        // part=init|fragment and endUtcMicros (a cut fragment) serve playback and HLS; the whole segment otherwise.
        var url = $"{address.TrimEnd('/')}/api/devices/{Uri.EscapeDataString(deviceId)}/segments/{startUtcMicros}?dataType={Uri.EscapeDataString(dataType)}&scope=local"
            + (part is null ? "" : $"&part={part}") + (endUtcMicros is { } end ? $"&endUtcMicros={end}" : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(range)) request.Headers.TryAddWithoutValidation("Range", range);
        if (!string.IsNullOrEmpty(ifRange)) request.Headers.TryAddWithoutValidation("If-Range", ifRange);
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        headers.CancelAfter(settings.PeerResponseTimeout);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new HttpRequestException($"no answer within {settings.PeerResponseTimeout.TotalSeconds:0} s");
        }
    }
}
