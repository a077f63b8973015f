using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using VmsServices.Recording.Api;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>
/// A recording server as an archiving server sees it over HTTP, answered from a real segment store:
/// the holdings, the segments list (scope=local) and single segments with their Repr-Digest. Counts
/// segment downloads; <see cref="CorruptDigests"/> makes it send a wrong checksum.
/// </summary>
public sealed class FakeArchiveSource(SegmentStore store) : HttpMessageHandler, IHttpClientFactory
{
    public int SegmentDownloads { get; private set; }
    public bool CorruptDigests { get; set; }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var path = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = QueryHelpers.ParseQuery(request.RequestUri.Query);
        long Long(string key, long otherwise) => query.TryGetValue(key, out var v) ? long.Parse(v!) : otherwise;
        if (path is ["api", "archive", "holdings"])
        {
            var cutoff = Long("beforeUtcMicros", 0);
            return Json((await store.GetStatsAsync(ct)).Where(s => s.OldestUtcMicros < cutoff).ToList());
        }
        if (path is not ["api", "devices", var device, "segments", ..]) return new HttpResponseMessage(HttpStatusCode.NotFound);
        var dataType = query["dataType"].ToString();
        if (path.Length == 4)
        {
            var list = await store.ListAsync(device, dataType, Long("fromUtcMicros", long.MinValue), Long("toUtcMicros", long.MaxValue), ct, (int)Long("limit", 10_000));
            return Json(list.Select(s => new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes, s.Flags.HasFlag(SegmentFlags.AfterGap), "rec-a")).ToList());
        }
        if (await store.FindAsync(device, dataType, long.Parse(path[4]), ct) is not { } segment) return new HttpResponseMessage(HttpStatusCode.NotFound);
        SegmentDownloads++;
        await using var stream = store.OpenSegment(segment);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, ct);
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        response.Headers.TryAddWithoutValidation(SegmentDigest.Header, SegmentDigest.Format(SHA256.HashData(CorruptDigests ? [.. bytes, 0] : bytes)));
        return response;
    }

    private static HttpResponseMessage Json<T>(T value) => new(HttpStatusCode.OK) { Content = JsonContent.Create(value) };
}
