using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VmsServices.Recording.Api;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Storage;

namespace VmsServices.ServingBench;

/// <summary>
/// A recording server as an archiving server reaches it, in-process on loopback (Kestrel): the
/// holdings (only the device <see cref="Offer"/> names, so each round moves one device), the
/// segments list (scope=local) and single segments streamed from the store with their
/// <c>Repr-Digest</c> computed on read, as Recording.Service serves them.
/// </summary>
internal sealed class BenchArchiveSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string? _offered;

    private BenchArchiveSource(WebApplication app, string url) => (_app, Url) = (app, url);

    public string Url { get; }

    public void Offer(string deviceId) => _offered = deviceId;

    public static async Task<BenchArchiveSource> StartAsync(SegmentStore store, CancellationToken ct)
    {
        var url = $"http://127.0.0.1:{Net.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var source = new BenchArchiveSource(app, url);
        app.MapGet("/api/archive/holdings", async (long beforeUtcMicros, CancellationToken c) =>
            (await store.GetStatsAsync(c)).Where(s => s.DeviceId == source._offered && s.OldestUtcMicros < beforeUtcMicros).ToList());
        app.MapGet("/api/devices/{deviceId}/segments", async (string deviceId, string dataType, long? fromUtcMicros, long? toUtcMicros, int? limit, CancellationToken c) =>
            (await store.ListAsync(deviceId, dataType, fromUtcMicros ?? long.MinValue, toUtcMicros ?? long.MaxValue, c, limit ?? 10_000))
                .Select(s => new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes, false, "rec-a")).ToList());
        app.MapGet("/api/devices/{deviceId}/segments/{startUtcMicros:long}", async (HttpContext http, string deviceId, long startUtcMicros, string dataType, CancellationToken c) =>
        {
            if (await store.FindAsync(deviceId, dataType, startUtcMicros, c) is not { } segment) return Results.NotFound();
            var stream = store.OpenSegment(segment);
            http.Response.Headers[SegmentDigest.Header] = SegmentDigest.Format(await SegmentDigest.OfStreamAsync(stream, c));
            return Results.Stream(stream, "video/mp4", enableRangeProcessing: true);
        });
        await app.StartAsync(ct);
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
