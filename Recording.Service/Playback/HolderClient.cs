using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using VmsServices.Recording.Api;
using VmsServices.Recording.Association;

namespace VmsServices.Recording.Playback;

/// <summary>
/// Playback's calls to the recording servers holding a device's older segments (seed 000 FIG. 5,
/// 508), through the peers' named HttpClient. Always <c>scope=local</c>: a holder answers from its
/// own store and never proxies again.
/// </summary>
public sealed class HolderClient(IHttpClientFactory factory, PeerSegmentsClient peers, AssociationSettings settings)
{
    /// <summary>The holder's own segments overlapping [from, to) with their fragment sizes: one call per holder and range.</summary>
    public async Task<Dictionary<long, SegmentDto>> ListLocalAsync(string address, string deviceId, string dataType, long from, long to, CancellationToken ct)
    {
        var client = factory.CreateClient(PeerSegmentsClient.HttpClientName);
        var result = new Dictionary<long, SegmentDto>();
        while (true)
        {
            var url = $"{Base(address, deviceId)}?dataType={Uri.EscapeDataString(dataType)}&scope=local&limit={SegmentsApi.MaxLimit}&fromUtcMicros={from}&toUtcMicros={to}";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.PeerTransferTimeout);
            var page = await client.GetFromJsonAsync<List<SegmentDto>>(url, timeout.Token) ?? [];
            foreach (var s in page) result[s.StartUtcMicros] = s;
            if (page.Count < SegmentsApi.MaxLimit) return result;
            from = page[^1].EndUtcMicros;
        }
    }

    private Task<HttpResponseMessage> OpenPartAsync(string address, string deviceId, string dataType, long startUtcMicros,
        string part, long? endUtcMicros, string? range, string? ifRange, CancellationToken ct) =>
        peers.OpenSegmentAsync(address, deviceId, dataType, startUtcMicros, range, ifRange, ct, part, endUtcMicros);

    /// <summary>A whole (small) part in memory: an init segment, or a cut fragment.</summary>
    public async Task<byte[]> ReadPartAsync(string address, string deviceId, string dataType, long startUtcMicros, string part, long? endUtcMicros, CancellationToken ct)
    {
        using var response = await OpenPartAsync(address, deviceId, dataType, startUtcMicros, part, endUtcMicros, null, null, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"{address} answered {(int)response.StatusCode} for the {part} of {deviceId}/{dataType}/{startUtcMicros}", null, response.StatusCode);
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        transfer.CancelAfter(settings.PeerTransferTimeout);
        return await response.Content.ReadAsByteArrayAsync(transfer.Token);
    }

    /// <summary>
    /// Bytes [offset, length) of a fragment held by a peer, as a stream read as it arrives
    /// (RFC 9110 §14.2 Range). The answer must be exactly that range, else the holder's copy changed.
    /// </summary>
    public async Task<Stream> OpenFragmentRangeAsync(string address, string deviceId, string dataType, long startUtcMicros, long offset, long length, CancellationToken ct)
    {
        var response = await OpenPartAsync(address, deviceId, dataType, startUtcMicros, "fragment", null, $"bytes={offset}-{length - 1}", null, ct);
        try
        {
            var ok = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { From: { } f, To: { } t, Length: { } l }
                     && f == offset && t == length - 1 && l == length
                  || response.StatusCode == HttpStatusCode.OK && offset == 0 && response.Content.Headers.ContentLength == length;
            if (!ok)
                throw new HttpRequestException($"{address} answered {(int)response.StatusCode} {response.Content.Headers.ContentRange} for bytes {offset}-{length - 1} of {deviceId}/{dataType}/{startUtcMicros}");
            return new ResponseStream(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string Base(string address, string deviceId) => $"{address.TrimEnd('/')}/api/devices/{Uri.EscapeDataString(deviceId)}/segments";

    /// <summary>A response body that disposes its response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream body) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => body.ReadAsync(buffer, ct);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => body.ReadAsync(buffer, offset, count, ct);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { body.Dispose(); response.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
