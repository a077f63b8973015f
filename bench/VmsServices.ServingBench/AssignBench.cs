using System.Diagnostics;
using VmsServices.Hosting.Data;
using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Messages;

namespace VmsServices.ServingBench;

/// <summary>
/// Assignment decision time: N cameras onto S online recording servers, decided in sequence on one
/// Management.Service <see cref="Fleet"/> (<see cref="Fleet.Choose"/> + <see cref="Fleet.Assign"/> each,
/// as an attach or a failover round decides), many rounds, each decision timed on its own. Baseline in
/// the same run: the commit that follows each decision in the management server, registering the
/// device through <see cref="ConfigurationStore.AddDeviceAsync"/> in a fresh, migrated SQLite
/// management database (the embedded default, WAL + synchronous=FULL).
/// </summary>
internal static class AssignBench
{
    private const int WarmupRounds = 20;
    private const int WarmupCommits = 20;

    // Every server reports the same load (a heartbeat's): nothing recorded yet, generous limits, plenty
    // of disk. Identical servers make the expected result exact: cameras / servers each.
    private static readonly RecorderLoad Load = new(Streams: 0, BitsPerSecond: 0, DiskFreeBytes: 4L << 40, DiskTotalBytes: 8L << 40,
        MaxStreams: 100, MaxBitsPerSecond: 1_000_000_000, MinFreeDiskBytes: 5L << 30);

    public static async Task<Table> RunAsync(Options o, CancellationToken ct)
    {
        var servers = Enumerable.Range(1, o.AssignServers).Select(i => $"rec-{i:00}").ToList();
        var cameras = Enumerable.Range(1, o.AssignCameras).Select(i => $"cam-{i:0000}").ToArray();

        var decisions = new List<double>(o.AssignRounds * cameras.Length);
        var rounds = new List<double>(o.AssignRounds);
        var expected = cameras.Length / servers.Count;
        var unevenRounds = 0;
        Dictionary<string, int> spread = [];
        for (var round = -WarmupRounds; round < o.AssignRounds; round++)
        {
            ct.ThrowIfCancellationRequested();
            var (micros, counts) = DecideAll(NewFleet(servers), cameras);
            if (round < 0) continue;
            decisions.AddRange(micros);
            rounds.Add(micros.Sum());
            spread = counts;
            if (!IsEven(counts, servers.Count, cameras.Length)) unevenRounds++;
        }
        Console.WriteLine($"  {rounds.Count} rounds of {cameras.Length:N0} decisions: {rounds.Average() / 1000:0.00} ms per round");

        var commits = await CommitAllAsync(o, servers, cameras, ct);
        Console.WriteLine($"  {commits.Count:N0} devices registered in SQLite: {commits.Sum() / 1e6:0.0} s");

        var table = new Table($"5. Assignment decision time ({cameras.Length:N0} cameras onto {servers.Count} online servers, Fleet.Choose + Fleet.Assign in sequence, {rounds.Count} rounds)",
            "measure", "samples", "mean µs", "p50 µs", "p99 µs", "max µs");
        void Row(string name, List<double> v) => table.Add(name, $"{v.Count:N0}", $"{v.Average():0.00}", $"{Stats.Median(v):0.00}", $"{Stats.Percentile(v, 99):0.00}", $"{v.Max():0.00}");
        Row("decision (choose + assign)", decisions);
        Row("baseline: commit (AddDeviceAsync, SQLite)", commits);
        table.Add("ratio decision / commit", "", $"{decisions.Average() / commits.Average():0.00000}x", $"{Stats.Median(decisions) / Stats.Median(commits):0.00000}x",
            $"{Stats.Percentile(decisions, 99) / Stats.Percentile(commits, 99):0.00000}x", "");

        table.Notes.Add($"decision / commit {decisions.Average() / commits.Average():0.00000}x at the mean (expected far below 1: {(decisions.Average() < commits.Average() / 10 ? "yes" : "NO")}): "
            + $"one commit costs {commits.Average() / decisions.Average():0}x one decision; a whole round of {cameras.Length:N0} decisions: mean {rounds.Average() / 1000:0.00} ms, p99 {Stats.Percentile(rounds, 99) / 1000:0.00} ms");
        table.Notes.Add($"even: {(unevenRounds == 0 ? "PASS" : $"FAIL in {unevenRounds} of {rounds.Count} rounds")}: every server got {spread.Values.Min()}..{spread.Values.Max()} "
            + $"(expected {expected}{(cameras.Length % servers.Count == 0 ? "" : " or one more")}) of {spread.Count} servers in the last round");
        table.Notes.Add($"each server reports the same load (no stream yet, limits {Load.MaxStreams} streams / {Load.MaxBitsPerSecond / 1e6:0} Mbit/s, {Load.DiskFreeBytes >> 40} TiB free); {WarmupRounds} warm-up rounds and {WarmupCommits} warm-up commits not counted; "
            + "each decision timed alone (Stopwatch, ~20-40 ns of it is the clock)");
        return table;
    }

    private static bool IsEven(Dictionary<string, int> counts, int servers, int cameras) =>
        counts.Count == Math.Min(servers, cameras) && (cameras % servers == 0 ? counts.Values.All(n => n == cameras / servers) : counts.Values.Max() - counts.Values.Min() <= 1);

    private static Fleet NewFleet(IReadOnlyList<string> servers) =>
        new(servers.Select(id => new ServerState(id, ServerStates.Online)).ToList(), [], [], new Dictionary<string, int>(), _ => Load, new AssignmentSettings().AssumedBitsPerSecond);

    private static (List<double> Micros, Dictionary<string, int> Counts) DecideAll(Fleet fleet, string[] cameras)
    {
        var micros = new List<double>(cameras.Length);
        var chosen = new string[cameras.Length];
        foreach (var (camera, i) in cameras.Select((c, i) => (c, i)))
        {
            var t0 = Stopwatch.GetTimestamp();
            var target = fleet.Choose() ?? throw new InvalidOperationException($"no server has capacity for {camera}");
            fleet.Assign(camera, target.Id);
            micros.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            chosen[i] = target.Id;
        }
        return (micros, chosen.CountBy(id => id).ToDictionary());
    }

    /// <summary>Decides each camera as above, then times only the registration that commits the decision.</summary>
    private static async Task<List<double>> CommitAllAsync(Options o, IReadOnlyList<string> servers, string[] cameras, CancellationToken ct)
    {
        var dir = Path.Combine(o.WorkRoot, "assign");
        Directory.CreateDirectory(dir);
        var db = new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = Path.Combine(dir, "management.db") }));
        var store = new ConfigurationStore(db, TimeProvider.System);
        await store.MigrateAsync(ct);
        foreach (var id in servers) await store.AddServerAsync(new RecordingServerRecord(id, id, $"http://127.0.0.1:9/{id}"), ct);

        var fleet = NewFleet(servers);
        var micros = new List<double>(cameras.Length);
        var warmup = Enumerable.Range(1, WarmupCommits).Select(i => $"warm-{i}");
        foreach (var (camera, i) in warmup.Concat(cameras).Select((c, i) => (c, i)))
        {
            ct.ThrowIfCancellationRequested();
            var target = fleet.Choose() ?? throw new InvalidOperationException($"no server has capacity for {camera}");
            fleet.Assign(camera, target.Id);
            var t0 = Stopwatch.GetTimestamp();
            await store.AddDeviceAsync(new DeviceRecord(camera, camera, $"rtsp://127.0.0.1:9/{camera}", null, null), [DataTypes.Video], target.Id, ct, Placements.Automatic);
            if (i >= WarmupCommits) micros.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return micros;
    }
}
