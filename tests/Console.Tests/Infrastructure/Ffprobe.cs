using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>What ffprobe, the independent judge of an exported file, reads in it.</summary>
public sealed record ProbedFile(string VideoCodec, double DurationSeconds);

public static class Ffprobe
{
    private const string Executable = "/usr/bin/ffprobe";

    /// <summary>Fails the test when ffprobe reports any error about the file.</summary>
    public static async Task<ProbedFile> ReadAsync(string file)
    {
        if (!File.Exists(Executable)) Assert.Ignore($"{Executable} is missing (Debian package ffmpeg).");
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file }) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That((process.ExitCode, await errors), Is.EqualTo((0, "")), $"ffprobe {file}");
        using var json = JsonDocument.Parse(await output);
        var video = json.RootElement.GetProperty("streams").EnumerateArray().First(s => s.GetProperty("codec_type").GetString() == "video");
        var duration = double.Parse(json.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        return new ProbedFile(video.GetProperty("codec_name").GetString()!, duration);
    }
}
