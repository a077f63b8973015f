using System.Net;
using System.Net.Http.Json;
using VmsServices.Recording.Api;
using VmsServices.Recording.Association;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>A segment's standalone MP4 as a source served it, with the SHA-256 the source computed over its own bytes.</summary>
public sealed record FetchedSegment(ReadOnlyMemory<byte> Bytes, byte[] SourceSha256);

/// <summary>
/// An archiving server's calls to a recording server it takes segments from, through the peers'
/// named HttpClient (<see cref="PeerSegmentsClient.HttpClientName"/>: same trust and service
/// credentials as every call between recording servers). Always <c>scope=local</c>: a source answers
/// from its own store only.
/// </summary>
public sealed class ArchiveSourceClient(IHttpClientFactory factory, AssociationSettings settings)
{
    /// <summary>Larger answers are refused: a segment is cut at 64 MiB (Recording:MaxSegmentBytes) plus its init segment.</summary>
    public const long MaxSegmentBytes = 256L << 20;

    /// <summary>Devices and data types the source holds segments of that started before <paramref name="cutoffUtcMicros"/>.</summary>
    public async Task<List<DeviceStorageStats>> HoldingsAsync(string address, long cutoffUtcMicros, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.PeerTransferTimeout);
        return await Client().GetFromJsonAsync<List<DeviceStorageStats>>($"{address.TrimEnd('/')}/api/archive/holdings?beforeUtcMicros={cutoffUtcMicros}", timeout.Token) ?? [];
    }

    /// <summary>One page of the source's own segments that start at or after <paramref name="fromUtcMicros"/> and ended by the cut-off, in start order.</summary>
    public async Task<List<SegmentDto>> ListDueAsync(string address, string deviceId, string dataType, long fromUtcMicros, long cutoffUtcMicros, int limit, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.PeerTransferTimeout);
        var url = $"{Segments(address, deviceId)}?dataType={Uri.EscapeDataString(dataType)}&scope=local&limit={limit}&fromUtcMicros={fromUtcMicros}&toUtcMicros={cutoffUtcMicros}";
        var page = await Client().GetFromJsonAsync<List<SegmentDto>>(url, timeout.Token) ?? [];
        // The list is of overlaps: drop one that began before from (already seen) or runs past the cut-off (not due),
        // and any this store could not hold (a source is a peer, not trusted to be sane).
        return page.Where(s => s.StartUtcMicros >= fromUtcMicros && s.EndUtcMicros <= cutoffUtcMicros
            && s.EndUtcMicros > s.StartUtcMicros && s.EndUtcMicros - s.StartUtcMicros <= SegmentCatalog.MaxSegmentDurationMicros).ToList();
    }

    /// <summary>
    /// Downloads one segment with its checksum (<see cref="SegmentDigest"/>), paced by
    /// <paramref name="throttle"/>; null when the source no longer holds it (404).
    /// </summary>
    public async Task<FetchedSegment?> FetchAsync(string address, string deviceId, string dataType, long startUtcMicros, BandwidthThrottle throttle, CancellationToken ct)
    {
        var url = $"{Segments(address, deviceId)}/{startUtcMicros}?dataType={Uri.EscapeDataString(dataType)}&scope=local";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(SegmentDigest.WantHeader, SegmentDigest.WantSha256);
        using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        headers.CancelAfter(settings.PeerResponseTimeout);
        using var response = await Client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"{address} answered {(int)response.StatusCode} for segment {deviceId}/{dataType}/{startUtcMicros}", null, response.StatusCode);
        var digest = response.Headers.TryGetValues(SegmentDigest.Header, out var values) ? string.Join(",", values) : null;
        if (!SegmentDigest.TryParse(digest, out var sha256))
            throw new HttpRequestException($"{address} sent segment {deviceId}/{dataType}/{startUtcMicros} without a SHA-256 {SegmentDigest.Header} (a version without archiving?)");
        if (response.Content.Headers.ContentLength is not { } length || length <= 0 || length > MaxSegmentBytes)
            throw new HttpRequestException($"{address} sent segment {deviceId}/{dataType}/{startUtcMicros} with Content-Length {response.Content.Headers.ContentLength?.ToString() ?? "missing"}");

        // A throttled transfer takes as long as the limit says, plus the usual allowance.
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        transfer.CancelAfter(settings.PeerTransferTimeout + (throttle.MaxBytesPerSecond > 0 ? TimeSpan.FromSeconds(2.0 * length / throttle.MaxBytesPerSecond) : TimeSpan.Zero));
        var bytes = new byte[length];
        await using var body = await response.Content.ReadAsStreamAsync(transfer.Token);
        for (var done = 0; done < bytes.Length;)
        {
            var read = await body.ReadAsync(bytes.AsMemory(done, Math.Min(throttle.ChunkBytes, bytes.Length - done)), transfer.Token);
            if (read == 0) throw new HttpRequestException($"{address} ended segment {deviceId}/{dataType}/{startUtcMicros} after {done} of {length} bytes");
            await throttle.WaitAsync(read, transfer.Token);
            done += read;
        }
        return new FetchedSegment(bytes, sha256);
    }

    private HttpClient Client() => factory.CreateClient(PeerSegmentsClient.HttpClientName);

    private static string Segments(string address, string deviceId) => $"{address.TrimEnd('/')}/api/devices/{Uri.EscapeDataString(deviceId)}/segments";
}
