using System.Diagnostics;
using System.Net;

namespace VmsServices.ServingBench;

internal sealed record SegmentDto(long StartUtcMicros, long EndUtcMicros, long SizeBytes, bool AfterGap, string RecordingServerId);

/// <summary>
/// The situation of the issue, built for real: rec-a records cam-1 from the simulated camera, then
/// cam-1 moves to rec-b (POST /api/devices/cam-1/move). rec-b is current; rec-a holds the old segments.
/// </summary>
internal static class MovedCamera
{
    public const string Device = "cam-1";

    public static async Task<(Cluster Cluster, List<SegmentDto> Old)> SetUpAsync(Paths paths, Options o, CancellationToken ct)
    {
        var cluster = await Cluster.CreateAsync(paths, Path.Combine(o.WorkRoot, "cluster"), o.Verbose);
        try
        {
            string[] settings = [$"--Recording:SegmentTargetDuration={TimeSpan.FromSeconds(o.SegmentSeconds):c}"];
            Console.WriteLine($"  starting camera, management, rec-a, rec-b (RabbitMQ vhost {cluster.VirtualHost})");
            await cluster.StartCameraAsync(1, ct);
            await cluster.StartManagementAsync(ct);
            await cluster.StartRecorderAsync("rec-a", settings, ct);
            await cluster.StartRecorderAsync("rec-b", settings, ct);
            await cluster.RegisterServerAsync("rec-a", ct);
            await cluster.RegisterServerAsync("rec-b", ct);
            await cluster.AddDeviceAsync(Device, "rec-a", cluster.CameraUrl(1), ct);
            var recA = cluster.Recorders["rec-a"];
            var recB = cluster.Recorders["rec-b"];
            var watch = cluster.Processes.ToArray();
            Console.WriteLine($"  recording {Device} on rec-a until it holds {o.OldSegments} segments of ~{o.SegmentSeconds} s");
            await Net.Until(() => recA.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments?scope=local", ct),
                s => s.Count >= o.OldSegments, TimeSpan.FromSeconds(60 + 2 * o.OldSegments * o.SegmentSeconds), "rec-a to record", ct, watch);

            await cluster.Management.PostJsonAsync($"/api/devices/{Device}/move", new { toRecordingServerId = "rec-b" }, ct);
            await Net.Until(() => recB.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments?scope=local", ct),
                s => s.Count >= 1, TimeSpan.FromSeconds(60), "rec-b to record after the move", ct, watch);
            // rec-a has stopped: its list no longer grows.
            var old = await Net.Until(async () =>
            {
                var before = await recA.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments?scope=local", ct);
                await Task.Delay(TimeSpan.FromSeconds(o.SegmentSeconds + 1), ct);
                var after = await recA.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments?scope=local", ct);
                return after.Count == before.Count ? after : null;
            }, s => s is not null, TimeSpan.FromSeconds(60), "rec-a to stop recording", ct, watch);
            // rec-b's association table knows them all.
            await Net.Until(() => recB.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments", ct),
                s => s.Count(x => x.RecordingServerId == "rec-a") == old!.Count, TimeSpan.FromSeconds(60), "rec-b's table to list rec-a's segments", ct, watch);
            Console.WriteLine($"  moved: rec-a holds {old!.Count} old segments ({old.Average(s => s.SizeBytes) / 1e6:0.00} MB on average), rec-b is current");
            return (cluster, old);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// Task 1: the same old segments downloaded (a) locally from their holder rec-a (scope=local) and
/// (b) through the current server rec-b, which proxies them from rec-a (FIG. 5, 508). Interleaved
/// (ABBA) so that load drifts on the machine hit both sides alike.
/// </summary>
internal static class ProxyBench
{
    public const double ThroughputTarget = 0.9;
    public const double TtfbMarginMs = 5;

    internal sealed record Fetch(long Bytes, double TtfbMs, double TotalMs);

    /// <summary>A segment from its holder rec-a, as rec-a's own (scope=local).</summary>
    internal static string LocalPath(SegmentDto s) => $"/api/devices/{MovedCamera.Device}/segments/{s.StartUtcMicros}?scope=local";

    /// <summary>The same segment asked of the current server rec-b, which proxies it from rec-a.</summary>
    internal static string ProxiedPath(SegmentDto s) => $"/api/devices/{MovedCamera.Device}/segments/{s.StartUtcMicros}";

    public static async Task<Table> RunAsync(Cluster cluster, List<SegmentDto> old, Options o, CancellationToken ct)
    {
        // Own connections (keep-alive), like a player that stays connected to one server.
        using var local = cluster.Client(cluster.Recorders["rec-a"].Url);
        using var proxied = cluster.Client(cluster.Recorders["rec-b"].Url);

        // Sanity: the proxied bytes are the holder's bytes.
        foreach (var s in old.Take(2))
        {
            var a = await local.GetByteArrayAsync(LocalPath(s), ct);
            var b = await proxied.GetByteArrayAsync(ProxiedPath(s), ct);
            if (!a.AsSpan().SequenceEqual(b)) throw new InvalidOperationException($"proxied segment {s.StartUtcMicros} differs from the local one ({b.Length} vs {a.Length} bytes)");
        }
        var buffer = new byte[81920];
        for (var i = 0; i < Math.Min(10, o.Fetches); i++)
        {
            await FetchAsync(local, LocalPath(old[i % old.Count]), buffer, ct);
            await FetchAsync(proxied, ProxiedPath(old[i % old.Count]), buffer, ct);
        }

        var table = new Table($"1. Proxied vs local segment download ({o.Fetches} fetches per side per round, {old.Count} segments of {old.Average(s => s.SizeBytes) / 1e6:0.00} MB, interleaved ABBA)",
            "round", "local MB/s", "proxied MB/s", "ratio", "local TTFB p50/p95 ms", "proxied TTFB p50/p95 ms", "TTFB p50 delta ms", "local total p50 ms", "proxied total p50 ms", "body-only ratio");
        var ratios = new List<double>();
        var deltas = new List<double>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            var l = new List<Fetch>();
            var p = new List<Fetch>();
            for (var i = 0; i < o.Fetches; i++)
            {
                var s = old[i % old.Count];
                if (i % 2 == 0)
                {
                    l.Add(await FetchAsync(local, LocalPath(s), buffer, ct));
                    p.Add(await FetchAsync(proxied, ProxiedPath(s), buffer, ct));
                }
                else
                {
                    p.Add(await FetchAsync(proxied, ProxiedPath(s), buffer, ct));
                    l.Add(await FetchAsync(local, LocalPath(s), buffer, ct));
                }
            }
            double Mbps(List<Fetch> f) => f.Sum(x => x.Bytes) / 1e6 / (f.Sum(x => x.TotalMs) / 1000);
            double BodyMbps(List<Fetch> f) => f.Sum(x => x.Bytes) / 1e6 / (f.Sum(x => x.TotalMs - x.TtfbMs) / 1000); // streaming rate once bytes flow
            var ratio = Mbps(p) / Mbps(l);
            var lt = l.Select(x => x.TtfbMs).ToList();
            var pt = p.Select(x => x.TtfbMs).ToList();
            var delta = Stats.Median(pt) - Stats.Median(lt);
            ratios.Add(ratio);
            deltas.Add(delta);
            table.Add(round.ToString(), $"{Mbps(l):0}", $"{Mbps(p):0}", $"{ratio:0.00}x",
                $"{Stats.Median(lt):0.00} / {Stats.Percentile(lt, 95):0.00}", $"{Stats.Median(pt):0.00} / {Stats.Percentile(pt, 95):0.00}", $"{delta:+0.00;-0.00}",
                $"{Stats.Median(l.Select(x => x.TotalMs).ToList()):0.0}", $"{Stats.Median(p.Select(x => x.TotalMs).ToList()):0.0}", $"{BodyMbps(p) / BodyMbps(l):0.00}x");
            Console.Write(table.Text().Split(Environment.NewLine).Last(x => x.Length > 0) + Environment.NewLine);
        }
        var medianRatio = Stats.Median(ratios);
        var medianDelta = Stats.Median(deltas);
        table.Add("median", "", "", $"{medianRatio:0.00}x", "", "", $"{medianDelta:+0.00;-0.00}", "", "", "");
        table.Notes.Add($"one client, one request at a time: proxied/local {medianRatio:0.00}x (informational: it counts the extra round trip of every request, which the TTFB target bounds; the throughput target (>= {ThroughputTarget:0.0}x) is judged in 1c, with several clients)");
        table.Notes.Add($"TTFB p50 proxied - local {medianDelta:+0.00;-0.00} ms (target <= +{TtfbMarginMs:0} ms): {(medianDelta <= TtfbMarginMs ? "PASS" : "FAIL")}");
        table.Notes.Add("MB/s = bytes of all fetches of the round / their summed wall time (one request at a time, loopback, keep-alive); TTFB = request sent -> first body bytes read; verdicts on the median round; body-only ratio = the same MB/s counted from the first body byte (streaming rate, without the per-request set-up that TTFB shows)");
        return table;
    }

    internal static async Task<Fetch> FetchAsync(HttpClient http, string path, byte[] buffer, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {http.BaseAddress}{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        long total = await body.ReadAsync(buffer, ct);
        var ttfb = sw.Elapsed.TotalMilliseconds;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0) total += n;
        return new Fetch(total, ttfb, sw.Elapsed.TotalMilliseconds);
    }
}
