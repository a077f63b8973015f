using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmsServices.Bench;

/// <summary>One stream count: both sides and how they compare.</summary>
internal sealed class Comparison
{
    public required int Streams { get; init; }
    public required SideResult Vms { get; init; }
    public required SideResult Ffmpeg { get; init; }

    public bool BothMeasured => Vms.Measured && Ffmpeg.Measured;
    public double? CpuRatio => BothMeasured && Ffmpeg.CpuSeconds > 0 ? Vms.CpuPerStream / Ffmpeg.CpuPerStream : null;
    public double? RssRatio => BothMeasured && Ffmpeg.RssKiB > 0 ? Vms.RssMiBPerStream / Ffmpeg.RssMiBPerStream : null;
    public double? PrivateRatio => BothMeasured && Ffmpeg.PrivateKiB > 0 ? Vms.PrivateMiBPerStream / Ffmpeg.PrivateMiBPerStream : null;

    public string CpuVerdict => CpuRatio is { } r ? (r <= BenchOptions.CpuTarget ? "PASS" : "FAIL") : "n/a";
    public string RssVerdict => RssRatio is { } r ? (r <= BenchOptions.RssTarget ? "PASS" : "FAIL") : "n/a";
    public string LostVerdict => Vms.Measured ? (Vms.Lost == 0 ? "PASS" : "FAIL") : "n/a";
}

internal sealed record MachineInfo(int Cores, long MemTotalMiB, long MemAvailableMiBAtStart, string Ffmpeg, string Os, string Configuration);

internal static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Text(IReadOnlyList<Comparison> results, BenchOptions o, MachineInfo machine, bool markdown)
    {
        var sb = new StringBuilder();
        var largest = o.Streams.Max(); // binding N, also while the smaller ones are printed as they finish
        if (markdown)
        {
            sb.AppendLine($"# Recording cost per stream: VmsServices vs. ffmpeg ({DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz})");
            sb.AppendLine();
            sb.AppendLine($"Machine: {machine.Cores} cores, {machine.MemTotalMiB / 1024.0:0.0} GiB ({machine.MemAvailableMiBAtStart / 1024.0:0.0} GiB available at start), " +
                          $"{machine.Os}, {machine.Ffmpeg}; build {machine.Configuration}.");
            sb.AppendLine($"Window {o.Seconds:0} s after {o.Warmup:0} s warm-up, {o.Segment:0} s segments, 720p25 ~2 Mbit/s simulated streams (one SimCamera process, not counted).");
            sb.AppendLine($"Targets, binding at N = {largest}: CPU/stream <= {BenchOptions.CpuTarget}x ffmpeg, RSS/stream <= {BenchOptions.RssTarget}x ffmpeg, 0 lost segments (smaller N: informational).");
            sb.AppendLine();
        }
        foreach (var r in results)
        {
            var rows = Rows(r, largest);
            if (markdown)
            {
                sb.AppendLine($"## N = {r.Streams}");
                sb.AppendLine();
                sb.AppendLine("| metric | VmsServices | ffmpeg | ratio | target | verdict |");
                sb.AppendLine("|---|---:|---:|---:|---|---|");
                foreach (var row in rows) sb.AppendLine($"| {string.Join(" | ", row)} |");
                sb.AppendLine();
                foreach (var note in Notes(r)) sb.AppendLine($"- {note}");
                sb.AppendLine();
            }
            else
            {
                sb.AppendLine();
                sb.AppendLine($"N = {r.Streams}");
                string[] header = ["metric", "VmsServices", "ffmpeg", "ratio", "target", "verdict"];
                var all = new List<string[]> { header };
                all.AddRange(rows);
                var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(row => row[c].Length)).ToArray();
                foreach (var (row, i) in all.Select((row, i) => (row, i)))
                {
                    sb.Append("  ");
                    for (int c = 0; c < row.Length; c++)
                    {
                        var cell = c is >= 1 and <= 3 ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c]);
                        sb.Append(cell).Append(c < row.Length - 1 ? "  " : "");
                    }
                    sb.AppendLine();
                    if (i == 0) sb.AppendLine("  " + new string('-', widths.Sum() + 2 * (widths.Length - 1)));
                }
                foreach (var note in Notes(r)) sb.AppendLine($"  * {note}");
            }
        }
        var summary = Summary(results, largest);
        sb.AppendLine();
        sb.AppendLine(markdown ? $"**{summary}**" : summary);
        if (Informational(results, largest) is { } informational)
            sb.AppendLine(markdown ? $"\n{informational}" : informational);
        return sb.ToString();
    }

    /// <summary>
    /// The targets bind at the largest N (the issue's N = 256 by default), where a recording server's
    /// fixed cost (one runtime, web host and bus: ~130 MiB, 0.1-0.2 CPU s per 30 s) is shared by
    /// enough cameras for a per-stream comparison with one ffmpeg process per camera to mean
    /// something; smaller N are reported with their verdicts in parentheses, for information.
    /// </summary>
    public static string Summary(IReadOnlyList<Comparison> results, int largest)
    {
        var atLargest = results.FirstOrDefault(r => r.Streams == largest);
        var cpu = atLargest?.CpuVerdict ?? "n/a";
        var rss = atLargest?.RssVerdict ?? "n/a";
        var lost = atLargest?.LostVerdict ?? "n/a";
        var overall = cpu == "PASS" && rss == "PASS" && lost == "PASS" ? "PASS" : cpu == "n/a" || rss == "n/a" || lost == "n/a" ? "INCOMPLETE" : "FAIL";
        return $"Overall: {overall}  (at N = {largest}: CPU <= {BenchOptions.CpuTarget}x {cpu}; RSS <= {BenchOptions.RssTarget}x {rss}; 0 lost {lost})";
    }

    /// <summary>The verdicts at the smaller N, for information; null if only one N was compared.</summary>
    public static string? Informational(IReadOnlyList<Comparison> results, int largest)
    {
        var smaller = results.Where(r => r.Streams != largest && r.BothMeasured)
            .Select(r => $"N = {r.Streams}: CPU {r.CpuVerdict}, RSS {r.RssVerdict}, lost {r.LostVerdict}").ToList();
        return smaller.Count > 0 ? $"Smaller N, informational: {string.Join("; ", smaller)}" : null;
    }

    private static List<string[]> Rows(Comparison r, int largest)
    {
        var v = r.Vms;
        var f = r.Ffmpeg;
        string V(Func<SideResult, string> get, SideResult s) => s.Measured ? get(s) : "skipped";
        string Ratio(double? x) => x is { } d ? d.ToString("0.000", Inv) + "x" : "n/a";
        var window = v.Measured ? v.WindowSeconds : f.WindowSeconds;
        // Targets bind at the largest N only (see Summary).
        string Target(string target) => r.Streams == largest ? target : $"{target} (binding at N={largest})";
        string Verdict(string verdict) => r.Streams == largest ? verdict : $"({verdict})";
        return
        [
            [$"CPU s / stream ({window:0} s window)", V(s => s.CpuPerStream.ToString("0.0000", Inv), v), V(s => s.CpuPerStream.ToString("0.0000", Inv), f),
                Ratio(r.CpuRatio), Target($"<= {BenchOptions.CpuTarget}x"), Verdict(r.CpuVerdict)],
            ["CPU % of one core / stream", V(s => s.CpuPercentPerStream.ToString("0.000", Inv), v), V(s => s.CpuPercentPerStream.ToString("0.000", Inv), f), "", "", ""],
            ["RSS MiB / stream", V(s => s.RssMiBPerStream.ToString("0.00", Inv), v), V(s => s.RssMiBPerStream.ToString("0.00", Inv), f),
                Ratio(r.RssRatio), Target($"<= {BenchOptions.RssTarget}x"), Verdict(r.RssVerdict)],
            ["private MiB / stream", V(s => s.PrivateMiBPerStream.ToString("0.00", Inv), v), V(s => s.PrivateMiBPerStream.ToString("0.00", Inv), f),
                Ratio(r.PrivateRatio), "", ""],
            ["total CPU s / RSS MiB / private MiB", V(Totals, v), V(Totals, f), "", "", ""],
            ["segments expected (window / segment)", V(s => $"{s.ExpectedMin}-{s.ExpectedMax}", v), V(s => $"{s.ExpectedMin}-{s.ExpectedMax}", f), "", "", ""],
            ["segments recorded (started in window)", V(s => s.Recorded.ToString(Inv), v), V(s => s.Recorded.ToString(Inv), f), "", "", ""],
            ["lost segments (streams affected)", V(s => $"{s.Lost} ({s.StreamsWithLoss})", v), V(s => $"{s.Lost} ({s.StreamsWithLoss})", f), "",
                Target("0"), Verdict(r.LostVerdict)],
            ["gaps: AfterGap + holes / missing s", V(s => $"{s.Discontinuities} / {s.MissingSeconds:0.0}", v), V(s => $"{s.Discontinuities} / {s.MissingSeconds:0.0}", f), "", "", ""],
            ["machine CPU busy / camera % core", V(Load, v), V(Load, f), "", "", ""],
        ];
    }

    private static string Totals(SideResult s) =>
        string.Create(Inv, $"{s.CpuSeconds:0.0} / {s.RssKiB / 1024.0:0} / {s.PrivateKiB / 1024.0:0}");

    private static string Load(SideResult s) => string.Create(Inv, $"{s.MachineBusyPercent:0}% / {s.CameraCpuPercent:0}%");

    private static IEnumerable<string> Notes(Comparison r)
    {
        foreach (var s in new[] { r.Vms, r.Ffmpeg })
        {
            if (s.SkipReason is not null) yield return $"{s.Side} skipped: {s.SkipReason}";
            foreach (var n in s.Notes) yield return $"{s.Side}: {n}";
            if (s.Measured && s.ProcessesExited > 0) yield return $"{s.Side}: {s.ProcessesExited} of {s.Processes} process(es) had exited by the end of the window";
            if (s.Measured && s.MachineBusyPercent >= 90)
                yield return $"{s.Side}: the machine was {s.MachineBusyPercent:0}% busy during the window (camera included): its CPU figure is capped by the cores, not what it would need";
        }
        if (r.Vms.Measured && r.Vms.SegmentsDropped > 0) yield return $"VmsServices reported {r.Vms.SegmentsDropped} dropped segment(s) (RecorderStatus.SegmentsDropped)";
    }

    public static string Json(IReadOnlyList<Comparison> results, BenchOptions o, MachineInfo machine)
    {
        var largest = o.Streams.Max();
        var doc = new
        {
            benchmark = "recording-cost-per-stream",
            utc = DateTimeOffset.UtcNow,
            machine,
            options = new { streams = o.Streams, seconds = o.Seconds, warmup = o.Warmup, segment = o.Segment, ffmpegBatch = o.FfmpegBatch },
            targets = new { cpuRatio = BenchOptions.CpuTarget, rssRatio = BenchOptions.RssTarget, lostAtLargestN = 0, largestN = largest },
            results = results.Select(r => new
            {
                streams = r.Streams,
                cpuRatio = r.CpuRatio,
                rssRatio = r.RssRatio,
                privateRatio = r.PrivateRatio,
                cpuVerdict = r.CpuVerdict,
                rssVerdict = r.RssVerdict,
                lostVerdict = r.LostVerdict,
                vms = Side(r.Vms),
                ffmpeg = Side(r.Ffmpeg),
            }),
            summary = Summary(results, largest),
            informational = Informational(results, largest),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });
    }

    private static object Side(SideResult s) => new
    {
        s.Side,
        s.Measured,
        s.SkipReason,
        s.WindowSeconds,
        s.CpuSeconds,
        s.CpuPerStream,
        s.CpuPercentPerStream,
        s.RssKiB,
        s.PrivateKiB,
        s.PeakRssKiB,
        s.RssMiBPerStream,
        s.PrivateMiBPerStream,
        s.Processes,
        s.ProcessesExited,
        s.ExpectedMin,
        s.ExpectedMax,
        s.Recorded,
        s.Lost,
        s.StreamsWithLoss,
        s.Discontinuities,
        s.MissingSeconds,
        s.SegmentsDropped,
        s.MachineBusyPercent,
        s.CameraCpuPercent,
        s.Notes,
    };
}
