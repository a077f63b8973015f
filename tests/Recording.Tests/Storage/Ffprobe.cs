using System.Diagnostics;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>ffprobe as the judge of what the store writes and serves.</summary>
internal static class Ffprobe
{
    public const string Path = "/usr/bin/ffprobe";

    public static void RequireInstalled()
    {
        if (!File.Exists(Path)) Assert.Ignore("ffprobe is not installed at " + Path);
    }

    /// <summary>Streams' codec and packet count and the format's duration and start time; asserts ffprobe reports no error.</summary>
    public static Dictionary<string, string> Probe(string file)
    {
        var info = new ProcessStartInfo(Path)
        {
            ArgumentList = { "-v", "error", "-count_packets", "-show_entries", "stream=codec_name,nb_read_packets:format=duration,start_time", "-of", "default=nw=1", file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(info)!;
        var stderrTask = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = stderrTask.GetAwaiter().GetResult();
        p.WaitForExit();
        Assert.That((p.ExitCode, stderr.Trim()), Is.EqualTo((0, "")), $"ffprobe reports no error for {file}");
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }
}
