using System.Diagnostics;

namespace VmsServices.Vmsctl.Tests.Infrastructure;

/// <summary>ffprobe as the independent judge of an exported file.</summary>
public static class Ffprobe
{
    private const string Path = "/usr/bin/ffprobe";

    /// <summary>The video codec ffprobe reads; fails the test when ffprobe reports any error about the file.</summary>
    public static async Task<string> VideoCodecAsync(string file)
    {
        if (!File.Exists(Path)) Assert.Ignore("ffprobe is not installed (Debian package ffmpeg).");
        var info = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That((process.ExitCode, await stderr), Is.EqualTo((0, "")), $"ffprobe {file}");
        return (await stdout).Trim();
    }
}
