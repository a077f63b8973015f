using System.Globalization;
using Microsoft.Data.Sqlite;
using VmsServices.Hosting.Data;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Storage;

namespace VmsServices.Bench;

/// <summary>
/// One Recording.Service process recording N streams from its stored configuration copy (no
/// management server: the copy is seeded before it starts, on the in-memory bus nobody answers).
/// Without a management server nobody issues the tokens its API wants, so the benchmark watches it the
/// way an operator's monitoring does: the recorder states from /metrics (anonymous), and what was
/// recorded from its segment catalog (SQLite in WAL mode: a reader never blocks the recorder).
/// </summary>
internal static class VmsSide
{
    public const string ServerId = "bench";

    public static async Task<SideResult> RunAsync(Paths paths, Camera camera, int n, BenchOptions o, string dataDir, string logPath, CancellationToken ct)
    {
        var result = new SideResult { Side = "VmsServices", Streams = n, Processes = 1 };
        var needKiB = (300L + 8L * n) * 1024; // generous: the service itself plus per-recorder buffers
        if (ProcStats.MemAvailableKiB() < needKiB + 1024 * 1024)
        {
            result.SkipReason = $"needs ~{needKiB / 1024} MiB + 1 GiB reserve, {ProcStats.MemAvailableKiB() / 1024} MiB available";
            return result;
        }

        await SeedAsync(dataDir, camera, n, ct);
        var port = Camera.FreePort();
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        await using var log = new StreamWriter(logPath) { AutoFlush = false };
        var logGate = new Lock();
        var baseUrl = $"http://127.0.0.1:{port}";
        await using var service = ChildProcess.Start("recording", "dotnet",
            [
                paths.RecordingDll, "--urls", baseUrl,
                $"--Recording:ServerId={ServerId}", $"--Recording:DataDirectory={dataDir}",
                $"--Recording:SegmentTargetDuration={TimeSpan.FromSeconds(o.Segment):c}",
                "--Bus:Transport=InMemory",
            ],
            paths.Repo, Environment(o), line =>
            {
                lock (logGate) log.WriteLine(line);
                if (o.Verbose) Console.WriteLine($"  [recording] {line}");
            }, ChildProcess.MeasuredNiceness);
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

        // 1. Every stream recording.
        var startLimit = TimeSpan.FromSeconds(60 + 0.25 * n);
        var started = DateTimeOffset.UtcNow;
        int recording = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (service.HasExited) throw new InvalidOperationException($"Recording.Service exited with {service.ExitCode}:\n{service.Tail}");
            var states = await TryGetRecorderStatesAsync(http, ct);
            recording = states?.GetValueOrDefault(RecordingState) ?? 0;
            if (recording == n) break;
            if (DateTimeOffset.UtcNow - started > startLimit)
            {
                result.Notes.Add($"only {recording}/{n} streams were Recording after {startLimit.TotalSeconds:0} s; measured anyway");
                break;
            }
            await Task.Delay(500, ct);
        }
        Console.WriteLine($"  VmsServices (pid {service.Pid}): {recording}/{n} recording after {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s; warm-up {o.Warmup:0} s, window {o.Seconds:0} s");
        await Task.Delay(TimeSpan.FromSeconds(o.Warmup), ct);
        if (o.JitSettle > 0)
        {
            var settled = await JitSettledAsync(http, TimeSpan.FromSeconds(o.JitSettle), ct);
            result.Notes.Add(settled is { } after
                ? $"window started once the JIT was quiet, {o.Warmup + after.TotalSeconds:0} s after every stream recorded"
                : $"the JIT was still busy after {o.Warmup + o.JitSettle:0} s; measured anyway");
        }

        // 2. The window.
        Dictionary<string, double> threads0 = [], threads1 = [];
        var jit0 = await JitSecondsAsync(http, ct);
        var sample = await WindowSample.MeasureAsync([service.Pid], camera.Pid, o.Seconds,
            () => threads0 = ProcStats.CpuSecondsByThreadName(service.Pid), () => threads1 = ProcStats.CpuSecondsByThreadName(service.Pid), ct);
        sample.CopyTo(result);
        result.Notes.Add("CPU by thread: " + ThreadShares(threads0, threads1, sample.CpuSeconds));
        if (jit0 is { } j0 && await JitSecondsAsync(http, ct) is { } j1)
            result.Notes.Add($"JIT compiling in the window: {j1 - j0:0.00} s");
        if (service.HasExited) throw new InvalidOperationException($"Recording.Service exited during the window ({service.ExitCode}):\n{service.Tail}");

        // 3. Let the segment running at the window's end commit, then read what was recorded.
        await Task.Delay(TimeSpan.FromSeconds(o.Segment + 2), ct);
        var metrics = await TryGetMetricsAsync(http, ct) ?? "";
        result.SegmentsDropped = (long)Sample(metrics, "vms_recording_segments_dropped_total");
        var notRecording = RecorderStates(metrics).Where(s => s.Key != RecordingState && s.Value > 0).Select(s => $"{s.Value} {s.Key}").ToList();
        if (notRecording.Count > 0) result.Notes.Add($"recorders not recording at the end: {string.Join(", ", notRecording)}");

        double t0 = sample.StartUtc.ToUnixTimeMilliseconds() / 1000.0, t1 = sample.EndUtc.ToUnixTimeMilliseconds() / 1000.0;
        result.ExpectedMin = n * (int)Math.Floor(sample.Seconds / o.Segment);
        result.ExpectedMax = n * (int)Math.Ceiling(sample.Seconds / o.Segment);
        var perStreamFloor = (int)Math.Floor(sample.Seconds / o.Segment);
        var catalog = Catalog(dataDir);
        for (int k = 1; k <= n; k++)
        {
            var segments = await GetSegmentsAsync(catalog, $"cam{k}", ct);
            var inWindow = segments.Count(s => s.Start >= t0 && s.Start < t1);
            var (breaks, holes) = Continuity.Of(segments);
            // Window edges not covered (recording started late or stopped early).
            double edges = 0;
            if (segments.Count == 0) edges = t1 - t0;
            else
            {
                edges += Math.Max(0, segments.Min(s => s.Start) - t0);
                edges += Math.Max(0, t1 - segments.Max(s => s.End));
            }
            var lost = Math.Max(Math.Max(0, perStreamFloor - inWindow), breaks + (int)Math.Ceiling(edges / o.Segment - 1e-9));
            result.Recorded += inWindow;
            result.Discontinuities += breaks;
            result.MissingSeconds += holes + edges;
            result.Lost += lost;
            if (lost > 0) result.StreamsWithLoss++;
        }

        SqliteConnection.ClearAllPools(); // the catalog's file is the service's again

        // 4. Stop it the way an operator would.
        await service.StopAsync(TimeSpan.FromSeconds(30));
        lock (logGate) log.Flush();
        if (result.Lost > 0) result.Notes.Add($"service log: {logPath}");
        return result;
    }

    private static Dictionary<string, string> Environment(BenchOptions o)
    {
        var env = new Dictionary<string, string>(BenchHost.ChildEnvironment);
        foreach (var (k, v) in o.VmsEnvironment) env[k] = v;
        return env;
    }

    /// <summary>The recorder's stored configuration copy: N devices, each current on this server.</summary>
    private static async Task SeedAsync(string dataDir, Camera camera, int n, CancellationToken ct)
    {
        Directory.CreateDirectory(dataDir);
        var dbPath = Path.Combine(dataDir, "recorder.db");
        var db = new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = dbPath }));
        var store = new ConfigurationCopyStore(db, TimeProvider.System);
        await store.MigrateAsync(ct);
        var devices = Enumerable.Range(1, n).Select(k => new DeviceConfiguration(
            new DeviceRecord($"cam{k}", $"Bench camera {k}", camera.Url(k), null, null),
            [new ConfigurationEntry($"cam{k}", DataTypes.Video, ServerId, true)])).ToList();
        await store.SaveAsync(new ConfigurationCopy(ServerId, 1, devices, [new RecordingServerRecord(ServerId, ServerId, "http://127.0.0.1")]), ct);
        SqliteConnection.ClearAllPools(); // release the file before the service opens it
    }

    private const string RecordingState = "recording";

    /// <summary>The recorders by state (connecting, recording, backing_off, stopped); null while the service does not answer yet.</summary>
    private static async Task<Dictionary<string, int>?> TryGetRecorderStatesAsync(HttpClient http, CancellationToken ct) =>
        await TryGetMetricsAsync(http, ct) is { } metrics ? RecorderStates(metrics) : null;

    private static async Task<string?> TryGetMetricsAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("/metrics", ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
        }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null; // not listening yet
        }
    }

    private static Dictionary<string, int> RecorderStates(string metrics) =>
        new[] { "connecting", RecordingState, "backing_off", "stopped" }
            .ToDictionary(state => state, state => (int)Sample(metrics, $"vms_recording_recorders{{state=\"{state}\"}}"));

    /// <summary>The value of one series in the Prometheus text format ("name{labels} value"); 0 when the series is absent.</summary>
    private static double Sample(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    private static SegmentCatalog Catalog(string dataDir) =>
        new(new Database(SqlDialect.For(new DatabaseSettings { Provider = DatabaseProvider.Sqlite, ConnectionString = new MediaLayout(dataDir).CatalogPath })),
            TimeProvider.System);

    private static async Task<List<Seg>> GetSegmentsAsync(SegmentCatalog catalog, string device, CancellationToken ct)
    {
        var list = await catalog.ListAsync(device, DataTypes.Video, long.MinValue, long.MaxValue, ct);
        return list.Select(s => new Seg(s.StartUtcMicros / 1e6, s.EndUtcMicros / 1e6, s.Flags.HasFlag(SegmentFlags.AfterGap))).ToList();
    }

    /// <summary>
    /// The window's CPU by thread name, largest first, as shares of the process's total. Threads that
    /// ended during the window (the thread pool retires idle workers) are missing from the end snapshot:
    /// what the process used beyond the threads seen at the end is shown as "exited threads".
    /// </summary>
    private static string ThreadShares(Dictionary<string, double> start, Dictionary<string, double> end, double processSeconds)
    {
        var used = end.Select(t => (Name: t.Key, Seconds: t.Value - start.GetValueOrDefault(t.Key))).Where(t => t.Seconds > 0).ToList();
        var exited = processSeconds - used.Sum(t => t.Seconds);
        if (exited > 0.01) used.Add(("exited threads", exited));
        var total = Math.Max(processSeconds, used.Sum(t => t.Seconds));
        return total <= 0 ? "none measured" : string.Join(", ", used.OrderByDescending(t => t.Seconds).Select(t => $"{t.Name} {100 * t.Seconds / total:0} %"));
    }

    /// <summary>
    /// A .NET process compiles for a minute or more after it starts (tiered compilation promotes hot
    /// methods, the per-segment and per-second paths last), a one-off cost of its start like ffmpeg's
    /// process start. The window measures the steady state: it starts once the JIT compiled for less
    /// than 1 % of 5 s (the service's own count, <c>vms_runtime_jit_compilation_seconds_total</c>, which
    /// also sees compiling on threads that have since exited). How long that took is reported. Null if
    /// it did not settle in time.
    /// </summary>
    private static async Task<TimeSpan?> JitSettledAsync(HttpClient http, TimeSpan max, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var before = await JitSecondsAsync(http, ct);
        while (DateTimeOffset.UtcNow - started < max)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var now = await JitSecondsAsync(http, ct);
            if (now - before < 0.05) return DateTimeOffset.UtcNow - started;
            before = now;
        }
        return null;
    }

    /// <summary>Seconds the service's JIT has compiled since it started; null if /metrics did not answer.</summary>
    private static async Task<double?> JitSecondsAsync(HttpClient http, CancellationToken ct) =>
        await TryGetMetricsAsync(http, ct) is { } metrics ? Sample(metrics, "vms_runtime_jit_compilation_seconds_total") : null;
}
