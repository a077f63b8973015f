namespace VmsServices.Bench;

/// <summary>What one side (VmsServices or ffmpeg) cost and recorded at one stream count.</summary>
internal sealed class SideResult
{
    public required string Side { get; init; }
    public required int Streams { get; init; }
    public bool Measured { get; set; }
    public string? SkipReason { get; set; }

    public double WindowSeconds { get; set; }
    public double CpuSeconds { get; set; }
    public long RssKiB { get; set; }
    public long PrivateKiB { get; set; }
    public long PeakRssKiB { get; set; }
    public int Processes { get; set; }
    public int ProcessesExited { get; set; }

    /// <summary>Machine CPU busy over the window, % of all cores; near 100 means the figures are capped by the machine.</summary>
    public double MachineBusyPercent { get; set; }
    /// <summary>The camera process's CPU over the window, % of one core (not counted in the side's figures).</summary>
    public double CameraCpuPercent { get; set; }

    /// <summary>Segments that should start inside the window: floor and ceiling of window / target per stream.</summary>
    public int ExpectedMin { get; set; }
    public int ExpectedMax { get; set; }
    /// <summary>Segments that started inside the window.</summary>
    public int Recorded { get; set; }
    /// <summary>Per stream max(shortfall below the floor, discontinuities), summed.</summary>
    public int Lost { get; set; }
    /// <summary>AfterGap segments after each stream's first one plus holes between consecutive segments.</summary>
    public int Discontinuities { get; set; }
    /// <summary>Sum of holes between consecutive segments (plus uncovered window edges where they are known).</summary>
    public double MissingSeconds { get; set; }
    public int StreamsWithLoss { get; set; }
    /// <summary>VmsServices only: sum of RecorderStatus.SegmentsDropped.</summary>
    public long SegmentsDropped { get; set; }
    public List<string> Notes { get; } = [];

    public double CpuPerStream => CpuSeconds / Streams;
    public double CpuPercentPerStream => WindowSeconds > 0 ? 100 * CpuSeconds / WindowSeconds / Streams : 0;
    public double RssMiBPerStream => RssKiB / 1024.0 / Streams;
    public double PrivateMiBPerStream => PrivateKiB / 1024.0 / Streams;
}

/// <summary>A segment as both sides can describe it: [Start, End) in seconds on some timeline.</summary>
internal readonly record struct Seg(double Start, double End, bool AfterGap);

internal static class Continuity
{
    /// <summary>Holes shorter than this are rounding (ffmpeg lists times with microsecond precision).</summary>
    public const double HoleTolerance = 0.05;

    /// <summary>
    /// Discontinuities of one stream (AfterGap after the first segment, holes between consecutive
    /// segments) and the seconds the holes leave unrecorded.
    /// </summary>
    public static (int Discontinuities, double HoleSeconds) Of(IReadOnlyList<Seg> segments)
    {
        var ordered = segments.OrderBy(s => s.Start).ToList();
        int count = 0;
        double missing = 0;
        for (int i = 1; i < ordered.Count; i++)
        {
            var hole = ordered[i].Start - ordered[i - 1].End;
            var isHole = hole > HoleTolerance;
            if (isHole) missing += hole;
            if (isHole || ordered[i].AfterGap) count++;
        }
        return (count, missing);
    }
}

/// <summary>CPU and memory of a set of processes over a measurement window.</summary>
internal sealed class WindowSample
{
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public double Seconds => (EndUtc - StartUtc).TotalSeconds;
    public double CpuSeconds { get; set; }
    public long RssKiB { get; set; }
    public long PrivateKiB { get; set; }
    public long PeakRssKiB { get; set; }
    public int Exited { get; set; }
    public double MachineBusyPercent { get; set; }
    public double CameraCpuPercent { get; set; }

    /// <summary>
    /// Samples the processes at the start and end of a window of <paramref name="seconds"/> (and every
    /// 2 s between, for the peak RSS and the last known CPU of a process that exits early).
    /// <paramref name="atStart"/>/<paramref name="atEnd"/> run right at the window edges (segment snapshots).
    /// </summary>
    public static async Task<WindowSample> MeasureAsync(IReadOnlyList<int> pids, int cameraPid, double seconds,
        Action? atStart, Action? atEnd, CancellationToken ct)
    {
        var sample = new WindowSample();
        var startCpu = new double?[pids.Count];
        var lastCpu = new double?[pids.Count];
        atStart?.Invoke();
        var machine0 = ProcStats.MachineCpu();
        var camera0 = ProcStats.CpuSeconds(cameraPid) ?? 0;
        sample.StartUtc = DateTimeOffset.UtcNow;
        for (int i = 0; i < pids.Count; i++) startCpu[i] = lastCpu[i] = ProcStats.CpuSeconds(pids[i]);
        var end = sample.StartUtc + TimeSpan.FromSeconds(seconds);
        while (true)
        {
            var left = end - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) break;
            await Task.Delay(left < TimeSpan.FromSeconds(2) ? left : TimeSpan.FromSeconds(2), ct);
            if (DateTimeOffset.UtcNow >= end) break;
            long rss = 0;
            for (int i = 0; i < pids.Count; i++)
            {
                lastCpu[i] = ProcStats.CpuSeconds(pids[i]) ?? lastCpu[i];
                rss += ProcStats.RssKiB(pids[i]) ?? 0;
            }
            sample.PeakRssKiB = Math.Max(sample.PeakRssKiB, rss);
        }
        sample.EndUtc = DateTimeOffset.UtcNow;
        var machine1 = ProcStats.MachineCpu();
        var camera1 = ProcStats.CpuSeconds(cameraPid) ?? camera0;
        for (int i = 0; i < pids.Count; i++)
        {
            var cpu = ProcStats.CpuSeconds(pids[i]);
            var rss = ProcStats.RssKiB(pids[i]);
            var priv = ProcStats.PrivateKiB(pids[i]);
            if (cpu is null || rss is null || rss == 0) sample.Exited++; // gone, or a zombie (no VmRSS)
            sample.CpuSeconds += Math.Max(0, (cpu ?? lastCpu[i] ?? 0) - (startCpu[i] ?? 0));
            sample.RssKiB += rss ?? 0;
            sample.PrivateKiB += priv ?? 0;
        }
        atEnd?.Invoke();
        sample.PeakRssKiB = Math.Max(sample.PeakRssKiB, sample.RssKiB);
        var total = machine1.Total - machine0.Total;
        sample.MachineBusyPercent = total > 0 ? 100.0 * (machine1.Busy - machine0.Busy) / total : 0;
        sample.CameraCpuPercent = sample.Seconds > 0 ? 100 * (camera1 - camera0) / sample.Seconds : 0;
        return sample;
    }

    public void CopyTo(SideResult r)
    {
        r.Measured = true;
        r.WindowSeconds = Seconds;
        r.CpuSeconds = CpuSeconds;
        r.RssKiB = RssKiB;
        r.PrivateKiB = PrivateKiB;
        r.PeakRssKiB = PeakRssKiB;
        r.ProcessesExited = Exited;
        r.MachineBusyPercent = MachineBusyPercent;
        r.CameraCpuPercent = CameraCpuPercent;
    }
}
