using System.Diagnostics;
using System.Globalization;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>ffmpeg/ffprobe as the independent judge of what the recorder stored.</summary>
public static class Ffprobe
{
    public static void RequireInstalled()
    {
        if (!File.Exists("/usr/bin/ffprobe")) Assert.Ignore("ffprobe is not installed (Debian package ffmpeg; .ci/run installs it).");
    }

    /// <summary>What ffmpeg prints at level error while decoding the whole file: empty when it decodes cleanly.</summary>
    public static async Task<string> DecodeErrorsAsync(string file) =>
        (await RunAsync("/usr/bin/ffmpeg", "-v", "error", "-i", file, "-f", "null", "-")).Trim();

    public static async Task<bool> FirstVideoFrameIsKeyAsync(string file)
    {
        var output = await RunAsync("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-read_intervals", "%+#1",
            "-show_entries", "frame=key_frame", "-of", "csv=p=0", file);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim().StartsWith('1') == true;
    }

    /// <summary>
    /// Duration of one stream as ffprobe computes it from the samples. A stored segment keeps its
    /// decode times on the recording's timeline (they start at its UTC time), where ffprobe reports
    /// the end time as "duration": the span is end minus start.
    /// </summary>
    public static async Task<double> StreamDurationSecondsAsync(string file, string stream = "v:0")
    {
        var output = await RunAsync("/usr/bin/ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=start_time,duration", "-of", "csv=p=0", file);
        var fields = output.Trim().Split('\n')[0].Split(',');
        var start = double.Parse(fields[0], CultureInfo.InvariantCulture);
        var end = double.Parse(fields[1], CultureInfo.InvariantCulture);
        return end > start ? end - start : end;
    }

    /// <summary>Presentation times (seconds) of the first video stream's frames, in order, as ffprobe decodes them.</summary>
    public static async Task<List<double>> VideoFrameTimesAsync(string file) =>
        (await RunAsync("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", file))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.TrimEnd(',')).Where(t => t != "N/A").Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();

    public static async Task<string> CodecAsync(string file, string stream) =>
        (await RunAsync("/usr/bin/ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=codec_name", "-of", "csv=p=0", file)).Trim();

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }
}
