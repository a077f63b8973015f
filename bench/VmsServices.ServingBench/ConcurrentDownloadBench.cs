using System.Diagnostics;
using VmsServices.Recording.Api;

namespace VmsServices.ServingBench;

/// <summary>
/// Task 1c: the downloads of task 1 with several clients at once, as when operators and an export
/// fetch old video together: throughput as a server delivers it under load, where one request's set-up
/// overlaps another's transfer. Per round each side runs <see cref="Clients"/> clients that together
/// fetch the same segments; the side that goes first alternates between rounds (AB, BA).
/// </summary>
internal static class ConcurrentDownloadBench
{
    public const int Clients = 4;

    public static async Task<Table> RunAsync(Cluster cluster, List<SegmentDto> old, Options o, CancellationToken ct)
    {
        using var local = cluster.Client(cluster.Recorders["rec-a"].Url);
        using var proxied = cluster.Client(cluster.Recorders["rec-b"].Url);
        var fetches = Math.Max(Clients * 4, o.Fetches);
        await SideAsync(local, ProxyBench.LocalPath, old, Clients * 2, ct); // warm every connection
        await SideAsync(proxied, ProxyBench.ProxiedPath, old, Clients * 2, ct);

        var table = new Table($"1c. Proxied vs local segment download, {Clients} clients at once ({fetches} fetches per side per round)",
            "round", "local MB/s", "proxied MB/s", "ratio");
        var ratios = new List<double>();
        for (var round = 1; round <= o.Rounds; round++)
        {
            double l, p;
            if (round % 2 == 1)
            {
                l = await SideAsync(local, ProxyBench.LocalPath, old, fetches, ct);
                p = await SideAsync(proxied, ProxyBench.ProxiedPath, old, fetches, ct);
            }
            else
            {
                p = await SideAsync(proxied, ProxyBench.ProxiedPath, old, fetches, ct);
                l = await SideAsync(local, ProxyBench.LocalPath, old, fetches, ct);
            }
            ratios.Add(p / l);
            table.Add(round.ToString(), $"{l:0}", $"{p:0}", $"{p / l:0.00}x");
            Console.Write(table.Text().Split(Environment.NewLine).Last(x => x.Length > 0) + Environment.NewLine);
        }
        var median = Stats.Median(ratios);
        table.Add("median", "", "", $"{median:0.00}x");
        table.Notes.Add($"throughput proxied/local with {Clients} clients {median:0.00}x (target >= {ProxyBench.ThroughputTarget:0.0}x): {(median >= ProxyBench.ThroughputTarget ? "PASS" : "FAIL")}");
        table.Notes.Add("MB/s = bytes of all fetches of the side / wall time from the first request to the last byte");
        if (o.UplinkMbit <= 0)
            table.Notes.Add("on loopback nothing limits either side but this machine's cores, and a proxied byte costs the CPU of two servers " +
                            "sharing them: a figure of the machine, not of serving; bench/serving-uplinks.sh gives each server its own link");
        return table;
    }

    /// <summary>MB/s of <paramref name="fetches"/> downloads shared by <see cref="Clients"/> clients.</summary>
    private static async Task<double> SideAsync(HttpClient http, Func<SegmentDto, string> path, List<SegmentDto> old, int fetches, CancellationToken ct)
    {
        var next = -1;
        long bytes = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            var buffer = new byte[81920];
            int i;
            while ((i = Interlocked.Increment(ref next)) < fetches)
                Interlocked.Add(ref bytes, (await ProxyBench.FetchAsync(http, path(old[i % old.Count]), buffer, ct)).Bytes);
        }));
        return bytes / 1e6 / sw.Elapsed.TotalSeconds;
    }
}
