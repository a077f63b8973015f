using System.Runtime.InteropServices;
using VmsServices.Bench;
using VmsServices.ServingBench;

// Serving benchmarks of the move/serving issue and the failover benchmarks; every figure is compared with a
// baseline measured in the same run. See bench/README.md. Every child process is stopped by PID on the way out, also on Ctrl+C.

Options o;
try
{
    o = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}
if (o.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

using var cts = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"\n{context.Signal}: stopping...");
    cts.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();

var tables = new List<Table>();
var skipped = new List<string>();
var ct = cts.Token;
try
{
    var paths = Paths.Find(o.Repo);
    o.WorkRoot = o.WorkDir is { } w ? Path.GetFullPath(w) : Path.Combine(Path.GetTempPath(), $"vms-serving-bench-{Environment.ProcessId}");
    o.OutDir = o.Out is { } od ? Path.GetFullPath(od) : Path.Combine(paths.Repo, "artifacts", "bench");
    Directory.CreateDirectory(o.WorkRoot);
    Directory.CreateDirectory(o.OutDir);
    Console.WriteLine($"VmsServices serving benchmark: {string.Join(", ", o.Modes)}; {Environment.ProcessorCount} cores; {paths.Configuration} build");
    if (paths.Configuration != "Release") Console.WriteLine("WARNING: Debug build: run it with -c Release.");
    paths.RequireBuilt();
    if (o.Modes.Any(m => m is not ("lookup" or "assign" or "archive" or "archive-server"))) paths = paths.Snapshot(Path.Combine(o.WorkRoot, "bin"));

    if (o.Modes.Contains("lookup"))
    {
        Console.WriteLine("\n== 2. holder look-up (BenchmarkDotNet)");
        tables.Add(LookupBench.Run(o));
        Console.Write(tables[^1].Text());
    }
    var servers = TestServers.Missing();
    if (o.Modes.Contains("proxy") || o.Modes.Contains("events"))
    {
        if (servers is not null) skipped.Add($"proxy/events skipped: {servers}");
        else
        {
            Console.WriteLine("\n== 1./3. two recording servers over RabbitMQ + PostgreSQL, cam-1 moved from rec-a to rec-b");
            var (cluster, old) = await MovedCamera.SetUpAsync(paths, o, ct);
            await using (cluster)
            {
                if (o.UplinkMbit > 0) Uplinks.Shape(cluster, o.UplinkMbit);
                if (o.Modes.Contains("proxy"))
                {
                    Console.WriteLine("\n== 1. proxied vs local segment download");
                    tables.Add(await ProxyBench.RunAsync(cluster, old, o, ct));
                    Console.Write(tables[^1].Text());
                    Console.WriteLine($"\n== 1c. the same with {ConcurrentDownloadBench.Clients} clients at once");
                    tables.Add(await ConcurrentDownloadBench.RunAsync(cluster, old, o, ct));
                    Console.Write(tables[^1].Text());
                    Console.WriteLine("\n== 1b. playback of a range held elsewhere vs held here");
                    tables.Add(await PlaybackRangeBench.RunAsync(cluster, old, o, ct));
                    Console.Write(tables[^1].Text());
                }
                if (o.Modes.Contains("events"))
                {
                    Console.WriteLine("\n== 3. SegmentsStored -> association table latency");
                    tables.Add(await EventsBench.RunAsync(cluster, o, ct));
                    Console.Write(tables[^1].Text());
                }
            }
        }
    }
    if (o.Modes.Contains("resync"))
    {
        if (servers is not null) skipped.Add($"resync skipped: {servers}");
        else
        {
            Console.WriteLine($"\n== 4. full resynchronization of {o.ResyncSegments:N0} segments");
            tables.Add(await ResyncBench.RunAsync(paths, o, ct));
            Console.Write(tables[^1].Text());
        }
    }
    if (o.Modes.Contains("assign"))
    {
        Console.WriteLine($"\n== 5. assignment decision time: {o.AssignCameras:N0} cameras onto {o.AssignServers} servers");
        tables.Add(await AssignBench.RunAsync(o, ct));
        Console.Write(tables[^1].Text());
    }
    if (o.Modes.Contains("archive"))
    {
        Console.WriteLine($"\n== 7. archive tier move throughput: {o.ArchiveFiles} files of {o.ArchiveSegmentsPerFile} MiB");
        tables.Add(await ArchiveBench.RunAsync(o, ct));
        Console.Write(tables[^1].Text());
    }
    if (o.Modes.Contains("archive-server"))
    {
        Console.WriteLine($"\n== 8. archiving server transfer throughput: {o.ArchiveFiles} passes of {o.ArchiveSegmentsPerFile} segments of 1 MiB");
        tables.Add(await ArchiveServerBench.RunAsync(o, ct));
        Console.Write(tables[^1].Text());
    }
    if (o.Modes.Contains("failover"))
    {
        if (servers is not null) skipped.Add($"failover skipped: {servers}");
        else
        {
            Console.WriteLine($"\n== 6. failover time: {o.Failovers} kills -9 over RabbitMQ + PostgreSQL, {o.ColdStarts} cold starts as the baseline");
            var failover = await FailoverBench.RunAsync(paths, o, ct);
            tables.AddRange(failover);
            foreach (var t in failover) Console.Write(t.Text());
        }
    }

    Console.WriteLine("\n==================== results ====================");
    foreach (var t in tables) Console.WriteLine(t.Text());
    foreach (var s in skipped) Console.WriteLine("SKIPPED: " + s);
    var md = Path.Combine(o.OutDir, $"serving-{DateTime.Now:yyyyMMdd-HHmmss}.md");
    await File.WriteAllTextAsync(md, $"# Serving benchmark ({DateTime.Now:u}, {Environment.ProcessorCount} cores, {paths.Configuration})\n\n"
        + string.Join("\n", tables.Select(t => t.Markdown())) + string.Concat(skipped.Select(s => $"\nSKIPPED: {s}\n")), ct);
    Console.WriteLine($"Report: {md}");
    return 0;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
catch (Exception e)
{
    Console.Error.WriteLine($"Benchmark failed: {e.Message}");
    if (e is not InvalidOperationException) Console.Error.WriteLine(e);
    foreach (var t in tables) Console.WriteLine(t.Text());
    return 1;
}
finally
{
    ChildProcess.KillAll();
    if (!o.Keep && o.WorkDir is null && o.WorkRoot is not null)
    {
        try { Directory.Delete(o.WorkRoot, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"Could not delete {o.WorkRoot}: {e.Message}"); }
    }
}

namespace VmsServices.ServingBench
{
    internal sealed class Options
    {
        public static readonly string[] AllModes = ["lookup", "proxy", "events", "resync", "assign", "failover", "archive", "archive-server"];

        public const string Usage = """
            usage: VmsServices.ServingBench [all|lookup|proxy|events|resync|assign|failover|archive|archive-server ...] [options]
              all (default)        every benchmark below, in this order: lookup, proxy, events, resync, assign, failover, archive, archive-server
              lookup               2. holder look-up at 10k and 10M segments (BenchmarkDotNet, in-process ShortRun)
              proxy                1. proxied vs local segment download (needs VMS_TEST_* servers)
              events               3. SegmentsStored -> association table latency (needs VMS_TEST_* servers)
              resync               4. full resynchronization of 1M segments (needs VMS_TEST_* servers)
              assign               5. assignment decision time, 1,000 cameras onto 20 servers, vs. committing each (SQLite)
              failover             6. failover time, kill -9 of a recording server, vs. a camera's cold start (needs VMS_TEST_* servers)
              archive              7. archive tier move throughput (bandwidth limit off) vs. the disk's sequential write (no servers needed)
              archive-server       8. archiving server transfer throughput (bandwidth limit off) vs. the disk's sequential write (no servers needed)
            options:
              --fetches 200        downloads per side per round (proxy)
              --rounds 3           rounds of interleaved downloads (proxy)
              --uplink-mbit N      each recording server sends at N Mbit/s, as on its own network card (proxy, events;
                                   only in a private network namespace: bench/serving-uplinks.sh)
              --old-segments 6     segments rec-a records before the move (proxy)
              --segment 4          segment target duration in seconds (proxy, failover)
              --events 200         SegmentsStored samples, and as many baseline pings (events)
              --segments 1000000   segments of the resynchronized peer (resync)
              --resync-rounds 3    rounds (resync)
              --cameras 1000       cameras to assign (assign)
              --servers 20         online servers to assign them to (assign)
              --assign-rounds 200  rounds of all decisions (assign)
              --failovers 10       kills (failover)
              --cold-starts 3      cold starts measured as the baseline (failover)
              --archive-files 8    recording files moved (archive); passes (archive-server)
              --archive-segments 64  1 MB segments per file (archive) or per pass (archive-server)
              --quick              BenchmarkDotNet dry job instead of ShortRun (lookup, a smoke test)
              --work-dir DIR --keep --out DIR --repo DIR -v
            RabbitMQ/PostgreSQL: tools/test-servers.sh start /tmp/vms-bench-servers && source /tmp/vms-bench-servers/env.sh
            """;

        public List<string> Modes { get; } = [];
        public int Fetches { get; private set; } = 200;
        public int UplinkMbit { get; private set; }
        public int Rounds { get; private set; } = 3;
        public int OldSegments { get; private set; } = 6;
        public int SegmentSeconds { get; private set; } = 4;
        public int Events { get; private set; } = 200;
        public int ResyncSegments { get; private set; } = 1_000_000;
        public int ResyncRounds { get; private set; } = 3;
        public int AssignCameras { get; private set; } = 1000;
        public int AssignServers { get; private set; } = 20;
        public int AssignRounds { get; private set; } = 200;
        public int ArchiveFiles { get; private set; } = 8;
        public int ArchiveSegmentsPerFile { get; private set; } = 64;
        public int Failovers { get; private set; } = 10;
        public int ColdStarts { get; private set; } = 3;
        public bool Quick { get; private set; }
        public bool Verbose { get; private set; }
        public bool Keep { get; private set; }
        public bool Help { get; private set; }
        public string? WorkDir { get; private set; }
        public string? Out { get; private set; }
        public string? Repo { get; private set; }
        public string WorkRoot { get; set; } = null!;
        public string OutDir { get; set; } = null!;

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Positive() => int.Parse(Next()) is > 0 and var v ? v : throw new ArgumentException($"{args[i - 1]} must be > 0");
                switch (args[i])
                {
                    case "all": o.Modes.AddRange(AllModes); break;
                    case "lookup" or "proxy" or "events" or "resync" or "assign" or "failover" or "archive" or "archive-server": o.Modes.Add(args[i]); break;
                    case "--fetches": o.Fetches = Positive(); break;
                    case "--uplink-mbit": o.UplinkMbit = Positive(); break;
                    case "--rounds": o.Rounds = Positive(); break;
                    case "--old-segments": o.OldSegments = Positive(); break;
                    case "--segment": o.SegmentSeconds = Positive(); break;
                    case "--events": o.Events = Positive(); break;
                    case "--segments": o.ResyncSegments = Positive(); break;
                    case "--resync-rounds": o.ResyncRounds = Positive(); break;
                    case "--cameras": o.AssignCameras = Positive(); break;
                    case "--servers": o.AssignServers = Positive(); break;
                    case "--assign-rounds": o.AssignRounds = Positive(); break;
                    case "--archive-files": o.ArchiveFiles = Positive(); break;
                    case "--archive-segments": o.ArchiveSegmentsPerFile = Positive(); break;
                    case "--failovers": o.Failovers = Positive(); break;
                    case "--cold-starts": o.ColdStarts = Positive(); break;
                    case "--quick": o.Quick = true; break;
                    case "--work-dir": o.WorkDir = Next(); break;
                    case "--keep": o.Keep = true; break;
                    case "--out": o.Out = Next(); break;
                    case "--repo": o.Repo = Next(); break;
                    case "-v" or "--verbose": o.Verbose = true; break;
                    case "-h" or "--help": o.Help = true; break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            if (o.Modes.Count == 0) o.Modes.AddRange(AllModes);
            var distinct = AllModes.Where(o.Modes.Contains).ToList();
            o.Modes.Clear();
            o.Modes.AddRange(distinct);
            return o;
        }
    }
}
