using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using VmsServices.Bench;
using VmsServices.Hosting.Data;
using VmsServices.Messages;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Recording.Storage;

namespace VmsServices.ServingBench;

/// <summary>
/// Task 4: a full resynchronization of a peer holding 1 million segments of one device. Two
/// Recording.Service processes and a management server over RabbitMQ + PostgreSQL (the peers need the
/// management server: it issues the tokens they send each other and the keys that check them):
/// "hold", whose catalog is seeded in one SQLite transaction with N one-second segments that all point
/// at the same 8 bytes of one 16-byte recording file (consistent for start-up reconciliation: the file
/// is exactly as long as its committed end), and "sync". The management server's table, seeded before it
/// starts, names hold as the device's current holder and sync as a former one, so both copies hold the
/// device. Failover and rebalancing are off, so nothing moves it during the measure (hold's recorder of
/// the device only retries its unreachable camera). The measure is POST /api/association/resync?deviceId=
/// on sync. Baseline in the same run: reading the same N (start, end) rows straight from SQLite.
/// </summary>
internal static class ResyncBench
{
    private const string Device = "dev-resync";

    private sealed record ResyncReport(int RowsAsked, int RowsSynchronized, IReadOnlyList<string> FailedPeers);
    private sealed record Holder(string RecordingServerId, bool IsLocal, long SegmentCount);
    private sealed record Row(string DeviceId, List<Holder> Holders);

    public static async Task<Table> RunAsync(Paths paths, Options o, CancellationToken ct)
    {
        var n = o.ResyncSegments;
        var cluster = await Cluster.CreateAsync(paths, Path.Combine(o.WorkRoot, "resync"), o.Verbose);
        await using (cluster)
        {
            var holdUrl = $"http://127.0.0.1:{Net.FreePort()}";
            var syncUrl = $"http://127.0.0.1:{Net.FreePort()}";
            var seed = Stopwatch.StartNew();
            await SeedTableAsync(cluster.PostgresConnection, holdUrl, syncUrl, ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() * 1_000_000;
            var catalogPath = await SeedCatalogAsync(Path.Combine(cluster.Work, "hold"), n, now, ct);
            // sync held the device before hold (one older segment): an empty catalog makes GET /api/association answer 500 (see bench/README.md).
            await SeedCatalogAsync(Path.Combine(cluster.Work, "sync"), 1, now - n * 1_000_000L, ct);
            Console.WriteLine($"  seeded {n:N0} segments into hold's catalog in {seed.Elapsed.TotalSeconds:0.0} s ({new FileInfo(catalogPath).Length / 1e6:0} MB)");

            string[] settings = ["--Recording:Retention:MaxAge=3650.00:00:00", "--Recording:Retention:MinFreeBytes=0",
                "--Recording:AssociationResyncInterval=1.00:00:00", "--Recording:ConfigurationRefreshInterval=1.00:00:00"];
            Console.WriteLine($"  starting management, hold, sync (RabbitMQ vhost {cluster.VirtualHost})");
            await cluster.StartManagementAsync(ct, "--Management:Failover:Enabled=false", "--Management:Assignment:Rebalance=false");
            // hold first: sync's start-up exchange asks it at once (a peer that is down is only retried at the next interval).
            await cluster.StartRecorderAsync("hold", holdUrl, settings, ct);
            await cluster.StartRecorderAsync("sync", syncUrl, settings, ct);
            using var holdHttp = cluster.Client(holdUrl, TimeSpan.FromMinutes(10));
            using var syncHttp = cluster.Client(syncUrl, TimeSpan.FromMinutes(10));
            var watch = cluster.Processes.ToArray();

            // The start-up exchange already lists hold's segments; wait for it so it does not overlap the measure.
            var started = Stopwatch.StartNew();
            await Net.Until(() => syncHttp.GetJsonAsync<List<Row>>($"/api/association?deviceId={Device}", ct),
                t => t.Count == 1 && t[0].Holders.Any(h => h.RecordingServerId == "hold" && h.SegmentCount == n), TimeSpan.FromMinutes(10),
                "sync's start-up resynchronization to list every segment of hold", ct, watch);
            Console.WriteLine($"  sync listed hold's {n:N0} segments {started.Elapsed.TotalSeconds:0.0} s after both started (start-up exchange)");

            var resync = new List<double>();
            var sqlite = new List<double>();
            var http = new List<double>();
            for (var round = 0; round < o.ResyncRounds; round++)
            {
                // Baseline: the same rows straight from SQLite, in start order.
                var sw = Stopwatch.StartNew();
                var rows = ReadRows(catalogPath);
                sqlite.Add(sw.Elapsed.TotalMilliseconds);
                if (rows != n) throw new InvalidOperationException($"read {rows} rows, expected {n}");

                // The peer protocol alone (what PeerSegmentsClient fetches), no table update: where the time goes.
                sw.Restart();
                var listed = await ListPagedAsync(holdHttp, ct);
                http.Add(sw.Elapsed.TotalMilliseconds);
                if (listed != n) throw new InvalidOperationException($"hold listed {listed} segments, expected {n}");

                sw.Restart();
                using var response = await syncHttp.PostAsync($"/api/association/resync?deviceId={Device}", null, ct);
                var report = await response.Content.ReadFromJsonAsync<ResyncReport>(Net.Json, ct);
                resync.Add(sw.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode || report is not { RowsSynchronized: 1 }) throw new InvalidOperationException($"resync answered {(int)response.StatusCode}: {report}");
                Console.WriteLine($"  round {round + 1}: resync {resync[^1] / 1000:0.00} s, paged HTTP list {http[^1] / 1000:0.00} s, SQLite read {sqlite[^1] / 1000:0.00} s");
            }
            var after = await syncHttp.GetJsonAsync<List<Row>>($"/api/association?deviceId={Device}", ct);
            var count = after.Single().Holders.Single(h => h.RecordingServerId == "hold").SegmentCount;

            var table = new Table($"4. Full resynchronization of {n:N0} segments (one device, one peer; {o.ResyncRounds} rounds, interleaved)",
                "what", "median s", "min s", "max s", "segments/s (median)", "x baseline");
            void Add(string name, List<double> v) => table.Add(name, $"{Stats.Median(v) / 1000:0.00}", $"{v.Min() / 1000:0.00}", $"{v.Max() / 1000:0.00}",
                $"{n / (Stats.Median(v) / 1000):N0}", $"{Stats.Median(v) / Stats.Median(sqlite):0.0}x");
            Add("baseline: read the rows from SQLite directly", sqlite);
            Add("hold's paged list over HTTP (peer protocol only)", http);
            Add("POST /api/association/resync on sync", resync);
            table.Notes.Add($"after the rounds sync's table holds {count:N0} segments of hold (expected {n:N0}); pages of {Recording.Api.SegmentsApi.MaxLimit:N0} segments");
            return table;
        }
    }

    private static async Task<int> ListPagedAsync(HttpClient http, CancellationToken ct)
    {
        var total = 0;
        long? from = null;
        while (true)
        {
            var page = await http.GetJsonAsync<List<SegmentDto>>($"/api/devices/{Device}/segments?dataType=video&scope=local&limit={Recording.Api.SegmentsApi.MaxLimit}" + (from is null ? "" : $"&fromUtcMicros={from}"), ct);
            total += page.Count;
            if (page.Count < Recording.Api.SegmentsApi.MaxLimit) return total;
            from = page[^1].EndUtcMicros;
        }
    }

    private static int ReadRows(string catalogPath)
    {
        using var c = new SqliteConnection($"Data Source={catalogPath};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT start_utc_micros, end_utc_micros FROM segments WHERE device_id = $d AND data_type = 'video' ORDER BY start_utc_micros";
        cmd.Parameters.AddWithValue("$d", Device);
        var list = new List<(long, long)>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetInt64(1)));
        return list.Count;
    }

    /// <summary>
    /// The management server's table before it first starts: both servers registered at the addresses they
    /// will listen on, the device added on sync and then moved to hold (sync keeps its non-current row).
    /// </summary>
    private static async Task SeedTableAsync(string connectionString, string holdUrl, string syncUrl, CancellationToken ct)
    {
        var table = new ConfigurationStore(new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString })),
            TimeProvider.System);
        await table.MigrateAsync(ct);
        await table.AddServerAsync(new RecordingServerRecord("hold", "hold", holdUrl), ct);
        await table.AddServerAsync(new RecordingServerRecord("sync", "sync", syncUrl), ct);
        await table.AddDeviceAsync(new DeviceRecord(Device, Device, "rtsp://127.0.0.1:9/none", null, null), [DataTypes.Video], "sync", ct);
        await table.MoveDeviceAsync(Device, "hold", null, ct, reason: "benchmark set-up");
    }

    /// <summary>N one-second segments ending at <paramref name="now"/>, in one transaction, all pointing at the 8 bytes after the 8-byte "init segment" of one file.</summary>
    private static async Task<string> SeedCatalogAsync(string dataDir, int n, long now, CancellationToken ct)
    {
        var layout = new MediaLayout(dataDir);
        var db = new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = layout.CatalogPath }));
        await new SegmentCatalog(db, TimeProvider.System).MigrateAsync(ct);
        SqliteConnection.ClearAllPools();

        const long second = 1_000_000;
        var first = now - n * second;
        var relative = MediaLayout.RelativeFilePath(Device, DataTypes.Video, first, 1);
        var file = layout.FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, new byte[16], ct);

        using var c = new SqliteConnection($"Data Source={layout.CatalogPath}");
        c.Open();
        using (var tx = c.BeginTransaction())
        {
            using (var f = c.CreateCommand())
            {
                f.Transaction = tx;
                f.CommandText = """
                    INSERT INTO recording_files (id, device_id, data_type, relative_path, init_length_bytes, created_utc_micros, length_bytes, segment_count, first_start_utc_micros, last_end_utc_micros)
                    VALUES (1, $d, 'video', $p, 8, $first, 16, $n, $first, $last)
                    """;
                f.Parameters.AddWithValue("$d", Device);
                f.Parameters.AddWithValue("$p", relative);
                f.Parameters.AddWithValue("$first", first);
                f.Parameters.AddWithValue("$n", n);
                f.Parameters.AddWithValue("$last", now);
                f.ExecuteNonQuery();
            }
            using var s = c.CreateCommand();
            s.Transaction = tx;
            s.CommandText = "INSERT INTO segments (device_id, data_type, start_utc_micros, end_utc_micros, file_id, offset_bytes, length_bytes, flags) VALUES ($d, 'video', $s, $e, 1, 8, 8, 0)";
            s.Parameters.AddWithValue("$d", Device);
            var ps = s.Parameters.Add("$s", SqliteType.Integer);
            var pe = s.Parameters.Add("$e", SqliteType.Integer);
            s.Prepare();
            for (var i = 0; i < n; i++)
            {
                ps.Value = first + i * second;
                pe.Value = first + (i + 1) * second;
                s.ExecuteNonQuery();
            }
            tx.Commit();
        }
        c.Close();
        SqliteConnection.ClearAllPools();
        return layout.CatalogPath;
    }
}
