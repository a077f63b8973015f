using System.Globalization;

namespace VmsServices.Bench;

/// <summary>
/// The baseline: one <c>ffmpeg -c copy -f segment</c> process per stream, the way Frigate and
/// Shinobi record. A CSV segment list per stream (one line per closed segment) gives continuity.
/// </summary>
internal static class FfmpegSide
{
    public static async Task<SideResult> RunAsync(Camera camera, int n, BenchOptions o, string dataDir, double? measuredRssMiBPerProcess,
        CancellationToken ct)
    {
        var result = new SideResult { Side = "ffmpeg", Streams = n, Processes = n };
        var perProcessMiB = Math.Max(measuredRssMiBPerProcess ?? o.FfmpegMiB, 10);
        var needMiB = perProcessMiB * n;
        var availableMiB = ProcStats.MemAvailableKiB() / 1024.0;
        if (availableMiB < needMiB + 1024)
        {
            result.SkipReason = $"{n} ffmpeg processes need ~{needMiB / 1024:0.0} GiB ({perProcessMiB:0} MiB each) + 1 GiB reserve; {availableMiB / 1024:0.0} GiB available";
            return result;
        }

        var processes = new List<ChildProcess>(n);
        try
        {
            // 1. Start in batches, so the start-up storm does not distort (and the camera is not swamped with handshakes).
            var started = DateTimeOffset.UtcNow;
            for (int k = 1; k <= n; k++)
            {
                ct.ThrowIfCancellationRequested();
                var dir = Path.Combine(dataDir, $"cam{k}");
                Directory.CreateDirectory(dir);
                processes.Add(ChildProcess.Start($"ffmpeg cam{k}", o.Ffmpeg,
                [
                    "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", camera.Url(k),
                    "-c", "copy", "-f", "segment", "-segment_time", o.Segment.ToString(CultureInfo.InvariantCulture), "-reset_timestamps", "1",
                    "-segment_list", Path.Combine(dir, "list.csv"), "-segment_list_type", "csv",
                    Path.Combine(dir, "%05d.mp4"),
                ], dataDir, null, o.Verbose ? line => Console.WriteLine($"  [ffmpeg cam{k}] {line}") : null, ChildProcess.MeasuredNiceness));
                if (k % o.FfmpegBatch == 0 && k < n) await Task.Delay(1000, ct);
            }

            // 2. Every stream writing its first segment.
            var limit = TimeSpan.FromSeconds(60 + 0.25 * n);
            int writing;
            while (true)
            {
                writing = Enumerable.Range(1, n).Count(k => SegmentFiles(dataDir, k).Any(f => f.Length > 0));
                if (writing == n) break;
                var exited = processes.Count(p => p.HasExited);
                if (exited == n) throw new InvalidOperationException($"All ffmpeg processes exited:\n{processes[0].Tail}");
                if (DateTimeOffset.UtcNow - started > limit)
                {
                    result.Notes.Add($"only {writing}/{n} ffmpeg processes were writing after {limit.TotalSeconds:0} s ({exited} exited); measured anyway");
                    break;
                }
                await Task.Delay(500, ct);
            }
            Console.WriteLine($"  ffmpeg: {writing}/{n} writing after {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s; warm-up {o.Warmup:0} s, window {o.Seconds:0} s");
            await Task.Delay(TimeSpan.FromSeconds(o.Warmup), ct);

            // 2. The window; a segment file appears when its segment starts, so new files = segments started in the window.
            var before = new int[n + 1];
            var after = new int[n + 1];
            var sample = await WindowSample.MeasureAsync(processes.Select(p => p.Pid).ToList(), camera.Pid, o.Seconds,
                () => { for (int k = 1; k <= n; k++) before[k] = SegmentFiles(dataDir, k).Length; },
                () => { for (int k = 1; k <= n; k++) after[k] = SegmentFiles(dataDir, k).Length; },
                ct);
            sample.CopyTo(result);

            // 3. Stop (SIGTERM: ffmpeg closes its current segment and the list), then read the lists.
            var exitedEarly = processes.Where(p => p.HasExited).ToList();
            if (exitedEarly.Count > 0)
                result.Notes.Add($"{exitedEarly.Count} ffmpeg process(es) exited before the end of the window, e.g. {exitedEarly[0].Name}: {LastLine(exitedEarly[0].Tail)}");
            await Task.WhenAll(processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(15))));

            var perStreamFloor = (int)Math.Floor(sample.Seconds / o.Segment);
            result.ExpectedMin = n * perStreamFloor;
            result.ExpectedMax = n * (int)Math.Ceiling(sample.Seconds / o.Segment);
            for (int k = 1; k <= n; k++)
            {
                var inWindow = after[k] - before[k];
                var (breaks, holes) = Continuity.Of(ReadList(Path.Combine(dataDir, $"cam{k}", "list.csv")));
                var lost = Math.Max(Math.Max(0, perStreamFloor - inWindow), breaks);
                result.Recorded += inWindow;
                result.Discontinuities += breaks;
                result.MissingSeconds += holes + Math.Max(0, perStreamFloor - inWindow) * o.Segment;
                result.Lost += lost;
                if (lost > 0) result.StreamsWithLoss++;
            }
            return result;
        }
        finally
        {
            foreach (var p in processes) p.Kill();
            foreach (var p in processes) await p.DisposeAsync();
        }
    }

    private static FileInfo[] SegmentFiles(string dataDir, int k)
    {
        var dir = new DirectoryInfo(Path.Combine(dataDir, $"cam{k}"));
        return dir.Exists ? dir.GetFiles("*.mp4") : [];
    }

    /// <summary>ffmpeg's CSV segment list: file,start,end (seconds on the input timeline).</summary>
    private static List<Seg> ReadList(string path)
    {
        if (!File.Exists(path)) return [];
        var segments = new List<Seg>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(',');
            if (parts.Length < 3) continue;
            if (double.TryParse(parts[^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                && double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
                segments.Add(new Seg(start, end, false));
        }
        return segments;
    }

    private static string LastLine(string tail)
    {
        var lines = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }
}
