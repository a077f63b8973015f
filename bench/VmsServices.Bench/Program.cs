using System.Diagnostics;
using System.Runtime.InteropServices;
using VmsServices.Bench;

// Recording cost per stream, VmsServices vs. ffmpeg -c copy -f segment, measured in the same run.
// See bench/README.md. Every child process is stopped by PID on the way out, also on Ctrl+C or failure.

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("This benchmark reads /proc: it runs on Linux only.");
    return 2;
}

using var cts = new CancellationTokenSource();
var interrupts = 0;
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    if (Interlocked.Increment(ref interrupts) == 1)
    {
        Console.Error.WriteLine($"\n{context.Signal}: stopping (again to kill the children at once)...");
        cts.Cancel();
    }
    else
    {
        ChildProcess.KillAll();
        Environment.Exit(130);
    }
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Interrupt);
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
AppDomain.CurrentDomain.UnhandledException += (_, _) => ChildProcess.KillAll();

string? workRoot = null;
try
{
    var paths = Paths.Find(options.Repo, options.RecordingDll);
    var machine = BenchHost.DescribeMachine(options, paths);
    Console.WriteLine($"VmsServices recording benchmark: N = {string.Join(", ", options.Streams)}; window {options.Seconds:0} s after {options.Warmup:0} s warm-up; " +
                      $"{machine.Cores} cores, {machine.MemAvailableMiBAtStart / 1024.0:0.0} GiB available; {machine.Ffmpeg}");
    if (paths.Configuration != "Release") Console.WriteLine($"WARNING: {paths.Configuration} build: run it with -c Release (./build.sh bench does).");
    foreach (var dll in new[] { paths.SimCameraDll, paths.RecordingDll })
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in {paths.Configuration} (./build.sh bench does).");
    var runFfmpeg = options.RunFfmpeg;
    string? ffmpegMissing = null;
    if (runFfmpeg && machine.Ffmpeg.StartsWith("ffmpeg not found", StringComparison.Ordinal))
    {
        ffmpegMissing = $"'{options.Ffmpeg}' not found: install ffmpeg (Debian: apt-get install ffmpeg) or pass --ffmpeg PATH";
        Console.WriteLine($"WARNING: {ffmpegMissing}; the baseline is skipped and no ratio can be computed.");
    }

    workRoot = options.WorkDir is { } w ? Path.GetFullPath(w) : Path.Combine(Path.GetTempPath(), $"vms-bench-{Environment.ProcessId}");
    Directory.CreateDirectory(workRoot);
    var outDir = options.OutDir is { } od ? Path.GetFullPath(od) : Path.Combine(paths.Repo, "artifacts", "bench");
    var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss");
    var results = new List<Comparison>();
    double? ffmpegRssPerProcess = null;
    foreach (var n in options.Streams)
    {
        cts.Token.ThrowIfCancellationRequested();
        Console.WriteLine($"\n== N = {n}: starting the simulated camera ({n} mounts)");
        await using var camera = await Camera.StartAsync(paths, n, options.Verbose, cts.Token);

        var vmsDir = Path.Combine(workRoot, $"vms-{n}");
        var vms = options.RunVms
            ? await VmsSide.RunAsync(paths, camera, n, options, vmsDir, Path.Combine(outDir, $"recording-{stamp}-vms-{n}.log"), cts.Token)
            : new SideResult { Side = "VmsServices", Streams = n, SkipReason = "--only ffmpeg" };
        if (vms.SkipReason is not null) Console.WriteLine($"  VmsServices skipped: {vms.SkipReason}");
        if (!options.Keep) TryDelete(vmsDir);
        if (camera.HasExited) throw new InvalidOperationException($"The simulated camera exited:\n{camera.Tail}");

        var ffDir = Path.Combine(workRoot, $"ffmpeg-{n}");
        var ff = runFfmpeg && ffmpegMissing is null
            ? await FfmpegSide.RunAsync(camera, n, options, ffDir, ffmpegRssPerProcess, cts.Token)
            : new SideResult { Side = "ffmpeg", Streams = n, Processes = n, SkipReason = ffmpegMissing ?? "--only vms" };
        if (ff.SkipReason is not null) Console.WriteLine($"  ffmpeg skipped: {ff.SkipReason}");
        if (ff.Measured && ff.Processes > ff.ProcessesExited) ffmpegRssPerProcess = ff.RssKiB / 1024.0 / (ff.Processes - ff.ProcessesExited);
        if (!options.Keep) TryDelete(ffDir);

        var comparison = new Comparison { Streams = n, Vms = vms, Ffmpeg = ff };
        results.Add(comparison);
        Console.Write(Report.Text([comparison], options, machine, markdown: false).Split("\nOverall:")[0]);
    }

    Console.WriteLine();
    Console.WriteLine("==================== results ====================");
    Console.Write(Report.Text(results, options, machine, markdown: false));
    Directory.CreateDirectory(outDir);
    var md = Path.Combine(outDir, $"recording-{stamp}.md");
    var json = Path.Combine(outDir, $"recording-{stamp}.json");
    await File.WriteAllTextAsync(md, Report.Text(results, options, machine, markdown: true));
    await File.WriteAllTextAsync(json, Report.Json(results, options, machine));
    Console.WriteLine($"\nReport: {md}\n        {json}");
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
    return 1;
}
finally
{
    ChildProcess.KillAll();
    if (workRoot is not null && !options.Keep && options.WorkDir is null) TryDelete(workRoot);
}

static void TryDelete(string dir)
{
    try
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Could not delete {dir}: {e.Message}");
    }
}

namespace VmsServices.Bench
{
    /// <summary>Where the repository and the two programs it starts are.</summary>
    internal sealed record Paths(string Repo, string Configuration, string SimCameraDll, string RecordingDll)
    {
        public static Paths Find(string? repo, string? recordingDll)
        {
            repo ??= FindRepo(AppContext.BaseDirectory) ?? FindRepo(Environment.CurrentDirectory)
                ?? throw new InvalidOperationException("Repository root not found (no build.cake above the program or the current directory): pass --repo DIR.");
            repo = Path.GetFullPath(repo);
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            return new Paths(repo, configuration,
                Path.Combine(repo, "tools", "SimCamera", "bin", configuration, "net10.0", "VmsServices.SimCamera.dll"),
                recordingDll ?? Path.Combine(repo, "Recording.Service", "bin", configuration, "net10.0", "VmsServices.Recording.dll"));
        }

        private static string? FindRepo(string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "build.cake")) && Directory.Exists(Path.Combine(dir.FullName, "Recording.Service")))
                    return dir.FullName;
            return null;
        }
    }

    internal static class BenchHost
    {
        /// <summary>Environment of the .NET children: production settings, no telemetry.</summary>
        public static readonly IDictionary<string, string> ChildEnvironment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

        public static MachineInfo DescribeMachine(BenchOptions o, Paths paths)
        {
            var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var memTotalKiB = long.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return new MachineInfo(Environment.ProcessorCount, memTotalKiB / 1024, ProcStats.MemAvailableKiB() / 1024,
                FfmpegVersion(o.Ffmpeg), RuntimeInformation.OSDescription, paths.Configuration);
        }

        private static string FfmpegVersion(string ffmpeg)
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(ffmpeg, "-hide_banner -version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
                if (p is null) return "ffmpeg not found";
                var first = p.StandardOutput.ReadLine() ?? "";
                p.StandardOutput.ReadToEnd();
                p.WaitForExit(10_000);
                var parts = first.Split(' ');
                return parts.Length >= 3 ? $"ffmpeg {parts[2]}" : first;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return "ffmpeg not found";
            }
        }
    }
}
