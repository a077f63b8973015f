using System.Globalization;

namespace VmsServices.Bench;

internal sealed class BenchOptions
{
    public const string Usage = """
        VmsServices.Bench - recording cost per stream, VmsServices vs. ffmpeg -c copy -f segment, in the same run

          --streams LIST      stream counts to measure, comma-separated (default 16,64,256)
          --seconds S         measurement window per side (default 30)
          --warmup S          warm-up once every stream records, before the window (default 5)
          --jit-settle S      then, VmsServices only: wait until its JIT is quiet (compiled for under
                              1 % of 5 s, by its /metrics), at most S seconds (default 120; 0 = don't wait)
          --segment S         segment target in seconds, both sides (default 4)
          --ffmpeg PATH       ffmpeg executable (default ffmpeg from PATH)
          --ffmpeg-batch K    ffmpeg processes started per batch (default 32), 1 s apart
          --ffmpeg-mib M      memory assumed per ffmpeg process before one was measured (default 50)
          --only vms|ffmpeg   measure one side only (no ratios)
          --work-dir DIR      where recordings go (default: a fresh directory under /tmp, deleted afterwards)
          --keep              keep the recordings
          --out DIR           where the report goes (default <repo>/artifacts/bench)
          --repo DIR          repository root (default: found from the program's location)
          --recording DLL     the VmsServices.Recording.dll to measure (default: the solution's build output),
                              e.g. of a framework-dependent ReadyToRun publish: dotnet publish Recording.Service
                              -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o DIR
          --vms-env K=V       extra environment variable for Recording.Service (repeatable), e.g.
                              DOTNET_PerfMapEnabled=1 to profile it with perf, DOTNET_gcServer=1
          -v, --verbose       echo the children's output
        Targets, at the largest stream count (smaller ones informational): VmsServices CPU per
        stream <= 0.2x ffmpeg's, RSS per stream <= 0.1x ffmpeg's, no lost segment.
        """;

    public List<int> Streams { get; private set; } = [16, 64, 256];
    public double Seconds { get; private set; } = 30;
    public double Warmup { get; private set; } = 5;
    public double JitSettle { get; private set; } = 120;
    public double Segment { get; private set; } = 4;
    public string Ffmpeg { get; private set; } = "ffmpeg";
    public int FfmpegBatch { get; private set; } = 32;
    public double FfmpegMiB { get; private set; } = 50;
    public bool RunVms { get; private set; } = true;
    public bool RunFfmpeg { get; private set; } = true;
    public string? WorkDir { get; private set; }
    public bool Keep { get; private set; }
    public string? OutDir { get; private set; }
    public string? Repo { get; private set; }
    public string? RecordingDll { get; private set; }
    public bool Verbose { get; private set; }
    public Dictionary<string, string> VmsEnvironment { get; } = [];
    public bool Help { get; private set; }

    public const double CpuTarget = 0.2;
    public const double RssTarget = 0.1;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        // Also accept --name=value.
        args = args.SelectMany(a => a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf('=') is var eq and > 0
            ? new[] { a[..eq], a[(eq + 1)..] }
            : [a]).ToArray();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            double Number() => double.Parse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--streams":
                    o.Streams = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    if (o.Streams.Count == 0 || o.Streams.Any(n => n < 1 || n > 4096)) throw new ArgumentException("--streams: counts between 1 and 4096");
                    break;
                case "--seconds": o.Seconds = Number(); if (o.Seconds < 4) throw new ArgumentException("--seconds: at least 4"); break;
                case "--warmup": o.Warmup = Number(); break;
                case "--jit-settle": o.JitSettle = Number(); break;
                case "--segment": o.Segment = Number(); if (o.Segment < 1) throw new ArgumentException("--segment: at least 1"); break;
                case "--ffmpeg": o.Ffmpeg = Next(); break;
                case "--ffmpeg-batch": o.FfmpegBatch = Math.Max(1, (int)Number()); break;
                case "--ffmpeg-mib": o.FfmpegMiB = Number(); break;
                case "--only":
                    var side = Next();
                    o.RunVms = side == "vms";
                    o.RunFfmpeg = side == "ffmpeg";
                    if (!o.RunVms && !o.RunFfmpeg) throw new ArgumentException("--only: vms or ffmpeg");
                    break;
                case "--work-dir": o.WorkDir = Next(); break;
                case "--keep": o.Keep = true; break;
                case "--out": o.OutDir = Next(); break;
                case "--repo": o.Repo = Next(); break;
                case "--recording": o.RecordingDll = Path.GetFullPath(Next()); break;
                case "--vms-env":
                    var kv = Next().Split('=', 2);
                    if (kv.Length != 2 || kv[0].Length == 0) throw new ArgumentException("--vms-env: KEY=VALUE");
                    o.VmsEnvironment[kv[0]] = kv[1];
                    break;
                case "-v" or "--verbose": o.Verbose = true; break;
                case "-h" or "--help": o.Help = true; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        o.Streams = o.Streams.Distinct().Order().ToList();
        return o;
    }
}
