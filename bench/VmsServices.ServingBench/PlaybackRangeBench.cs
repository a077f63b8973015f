namespace VmsServices.ServingBench;

/// <summary>
/// Task 1b: what an operator does with old video: play a range as one MP4 (FIG. 5 for every segment of
/// it, stitched). Both sides ask the current server rec-b for <c>playback.mp4</c> of as many segments:
/// (a) a range rec-b recorded itself after the move (every piece read from its disk), (b) a range of the
/// old segments rec-a holds (every piece fetched from rec-a and streamed through). Interleaved ABBA.
/// </summary>
internal static class PlaybackRangeBench
{
    public static async Task<Table> RunAsync(Cluster cluster, List<SegmentDto> old, Options o, CancellationToken ct)
    {
        var recB = cluster.Recorders["rec-b"];
        // Away from the move on both sides (make-before-break may overlap there): rec-a's old segments
        // but the last, and as many of rec-b's own after its first.
        var count = Math.Max(1, old.Count - 1);
        Console.WriteLine($"  waiting for rec-b to hold {count + 1} segments of its own");
        var own = await Net.Until(() => recB.Http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{MovedCamera.Device}/segments?scope=local", ct),
            s => s.Count >= count + 1, TimeSpan.FromSeconds(30 + 2 * (count + 1) * o.SegmentSeconds), "rec-b to record its own segments", ct, cluster.Processes.ToArray());
        var here = own.Skip(1).Take(count).ToList();
        var elsewhere = old.Take(count).ToList();
        static string Range(List<SegmentDto> s) => $"/api/devices/{MovedCamera.Device}/playback.mp4?fromUtcMicros={s[0].StartUtcMicros}&toUtcMicros={s[^1].EndUtcMicros}";

        using var http = cluster.Client(recB.Url);
        var buffer = new byte[81920];
        for (var i = 0; i < 3; i++)
        {
            await ProxyBench.FetchAsync(http, Range(here), buffer, ct);
            await ProxyBench.FetchAsync(http, Range(elsewhere), buffer, ct);
        }
        var plays = Math.Max(4, o.Fetches / 10);
        var table = new Table($"1b. Playback of {count} segments as one MP4 from the current server: held elsewhere (proxied) vs held here ({plays} plays per side per round, interleaved ABBA)",
            "round", "held here MB/s", "held elsewhere MB/s", "ratio", "here TTFB p50 ms", "elsewhere TTFB p50 ms");
        var ratios = new List<double>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            var h = new List<ProxyBench.Fetch>();
            var e = new List<ProxyBench.Fetch>();
            for (var i = 0; i < plays; i++)
            {
                if (i % 2 == 0)
                {
                    h.Add(await ProxyBench.FetchAsync(http, Range(here), buffer, ct));
                    e.Add(await ProxyBench.FetchAsync(http, Range(elsewhere), buffer, ct));
                }
                else
                {
                    e.Add(await ProxyBench.FetchAsync(http, Range(elsewhere), buffer, ct));
                    h.Add(await ProxyBench.FetchAsync(http, Range(here), buffer, ct));
                }
            }
            double Mbps(List<ProxyBench.Fetch> f) => f.Sum(x => x.Bytes) / 1e6 / (f.Sum(x => x.TotalMs) / 1000);
            var ratio = Mbps(e) / Mbps(h);
            ratios.Add(ratio);
            table.Add(round.ToString(), $"{Mbps(h):0}", $"{Mbps(e):0}", $"{ratio:0.00}x",
                $"{Stats.Median(h.Select(x => x.TtfbMs).ToList()):0.00}", $"{Stats.Median(e.Select(x => x.TtfbMs).ToList()):0.00}");
            Console.Write(table.Text().Split(Environment.NewLine).Last(x => x.Length > 0) + Environment.NewLine);
        }
        var median = Stats.Median(ratios);
        table.Add("median", "", "", $"{median:0.00}x", "", "");
        table.Notes.Add($"playback throughput held elsewhere / held here {median:0.00}x (the segment target >= {ProxyBench.ThroughputTarget:0.0}x, for comparison: {(median >= ProxyBench.ThroughputTarget ? "met" : "not met")})");
        table.Notes.Add($"{here.Sum(s => s.SizeBytes) / 1e6:0.0} MB held here vs {elsewhere.Sum(s => s.SizeBytes) / 1e6:0.0} MB held elsewhere per play; MB/s = bytes / wall time of whole requests, one at a time");
        return table;
    }
}
