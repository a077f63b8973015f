using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using VmsServices.Messages;
using VmsServices.Recording.Association;

namespace VmsServices.ServingBench;

/// <summary>
/// Task 2: who holds a random instant / a random segment id of a device whose N segments are spread
/// over 3 peers (contiguous ranges, as after two moves), through the real AssociationTable. Baseline in
/// the same run: a linear scan over 64 segments; N = 10k vs 10M shows the O(log n) growth.
/// Each invocation looks up 1024 precomputed random keys (OperationsPerInvoke), so caches are not
/// flattered by one repeated key.
/// </summary>
[MemoryDiagnoser]
public class HolderLookupBenchmarks
{
    private const int Keys = 1024;
    private const long SegmentMicros = 4_000_000;
    private const string Device = "cam-1";
    public static readonly string[] Peers = ["rec-a", "rec-b", "rec-c"];

    /// <summary>Bytes per segment measured when building the table, per N (read after the run).</summary>
    public static readonly Dictionary<int, (double GcBytesPerSegment, double ArrayBytesPerSegment, double BuildSeconds)> Footprint = [];

    private AssociationTable _table = null!;
    private long[] _instants = null!;
    private long[] _starts = null!;
    private readonly long[] _smallStarts = new long[64];
    private readonly long[] _smallEnds = new long[64];
    private long[] _smallInstants = null!;

    [Params(10_000, 10_000_000)]
    public int N { get; set; }

    public const long Base = 1_700_000_000L * 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _table = null!;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(true);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        _table = new AssociationTable("bench");
        _table.ApplyCopy(new ConfigurationCopy("bench", 1,
            [new DeviceConfiguration(new DeviceRecord(Device, Device, "rtsp://127.0.0.1/x", null, null),
                [.. Peers.Select(p => new ConfigurationEntry(Device, DataTypes.Video, p, false)), new ConfigurationEntry(Device, DataTypes.Video, "bench", true)])],
            [.. Peers.Select(p => new RecordingServerRecord(p, p, "http://127.0.0.1:1")), new RecordingServerRecord("bench", "bench", "http://127.0.0.1:2")]));
        var association = _table.Find(Device, DataTypes.Video)!;
        // As a resynchronization builds it: each peer's sorted list at once (exact capacity).
        var per = (N + Peers.Length - 1) / Peers.Length;
        for (var p = 0; p < Peers.Length; p++)
        {
            var from = p * per;
            var to = Math.Min(N, from + per);
            var list = new List<(long, long)>(to - from);
            for (var i = from; i < to; i++) list.Add((Base + i * SegmentMicros, Base + (i + 1) * SegmentMicros - 1000)); // 1 ms holes between segments
            var pending = association.BeginResync(Peers[p]);
            association.EndResync(pending, list);
        }
        var build = sw.Elapsed.TotalSeconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var after = GC.GetTotalMemory(true);
        lock (Footprint) Footprint[N] = ((after - before) / (double)N, association.SegmentBytes() / (double)N, build);

        _instants = new long[Keys];
        _starts = new long[Keys];
        for (var k = 0; k < Keys; k++)
        {
            var i = rng.NextInt64(N);
            _starts[k] = Base + i * SegmentMicros;
            _instants[k] = _starts[k] + rng.NextInt64(SegmentMicros - 1000);
        }
        for (var i = 0; i < 64; i++)
        {
            _smallStarts[i] = Base + i * SegmentMicros;
            _smallEnds[i] = _smallStarts[i] + SegmentMicros - 1000;
        }
        _smallInstants = [.. Enumerable.Range(0, Keys).Select(_ => Base + rng.NextInt64(64 * SegmentMicros - 1000))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys, Description = "baseline: linear scan of 64 segments")]
    public int LinearScan64()
    {
        var found = 0;
        foreach (var t in _smallInstants)
            for (var i = 0; i < 64; i++)
                if (_smallStarts[i] <= t && t < _smallEnds[i]) { found += i; break; }
        return found;
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "holder of a random instant")]
    public int HolderOfInstant()
    {
        var found = 0;
        foreach (var t in _instants)
            if (_table.TryFindInstant(Device, DataTypes.Video, t, out var location)) found += location.RecordingServerId.Length;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "holder of a random segment id")]
    public int HolderOfSegment()
    {
        var found = 0;
        foreach (var s in _starts)
            if (_table.TryFindSegment(Device, DataTypes.Video, s, out var location)) found += location.RecordingServerId.Length;
        return found;
    }
}

internal static class LookupBench
{
    public static Table Run(Options o)
    {
        var job = (o.Quick ? Job.Dry.WithIterationCount(3) : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(o.Verbose ? ConsoleLogger.Default : new ConsoleSummaryOnlyLogger())
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(o.OutDir, "BenchmarkDotNet.Artifacts"))
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<HolderLookupBenchmarks>(config);
        return Report(summary);
    }

    private static Table Report(Summary summary)
    {
        var table = new Table("2. Holder look-up in the association table (BenchmarkDotNet ShortRun, in-process; 3 peers, contiguous ranges)",
            "look-up", "N segments", "ns/op (median)", "x baseline", "x N=10k", "alloc B/op");
        var byKey = new Dictionary<(string, int), double>();
        foreach (var r in summary.Reports.Where(r => r.ResultStatistics is not null))
            byKey[(r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''), (int)r.BenchmarkCase.Parameters["N"])] = r.ResultStatistics!.Median;
        foreach (var r in summary.Reports.Where(r => r.ResultStatistics is not null)
                     .OrderBy(r => (int)r.BenchmarkCase.Parameters["N"]).ThenBy(r => r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo))
        {
            var name = r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            var n = (int)r.BenchmarkCase.Parameters["N"];
            var ns = r.ResultStatistics!.Median;
            var baseline = byKey.GetValueOrDefault(("baseline: linear scan of 64 segments", n), double.NaN);
            var small = byKey.GetValueOrDefault((name, 10_000), double.NaN);
            var alloc = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase);
            table.Add(name, $"{n:N0}", $"{ns:0.0}", name.StartsWith("baseline", StringComparison.Ordinal) ? "1.00x" : $"{ns / baseline:0.00}x",
                name.StartsWith("baseline", StringComparison.Ordinal) ? "" : $"{ns / small:0.00}x", alloc is { } a ? $"{a}" : "?");
        }
        foreach (var (n, f) in HolderLookupBenchmarks.Footprint.OrderBy(kv => kv.Key))
            table.Notes.Add($"N = {n:N0}: {f.GcBytesPerSegment:0.0} bytes/segment on the managed heap (GC.GetTotalMemory before/after building, whole table), " +
                            $"{f.ArrayBytesPerSegment:0.0} bytes/segment in the peers' arrays; built from sorted lists in {f.BuildSeconds:0.00} s");
        table.Notes.Add($"O(log n) check: log2(10M)/log2(10k) = {Math.Log2(10_000_000) / Math.Log2(10_000):0.00}; a linear structure would be 1000x");
        return table;
    }

    /// <summary>Prints BenchmarkDotNet's own summary table only, not its progress.</summary>
    private sealed class ConsoleSummaryOnlyLogger : ILogger
    {
        private bool _inSummary;
        public string Id => nameof(ConsoleSummaryOnlyLogger);
        public int Priority => 0;
        public void Write(LogKind logKind, string text) { if (_inSummary) Console.Write(text); }
        public void WriteLine() { if (_inSummary) Console.WriteLine(); }
        public void WriteLine(LogKind logKind, string text)
        {
            if (text.Contains("// * Summary *", StringComparison.Ordinal)) _inSummary = true;
            else if (text.StartsWith("// * Legends *", StringComparison.Ordinal) || text.StartsWith("// * Hints *", StringComparison.Ordinal)) _inSummary = false;
            if (_inSummary) Console.WriteLine(text);
        }
        public void Flush() => Console.Out.Flush();
    }
}
