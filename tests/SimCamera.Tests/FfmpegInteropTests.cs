using System.Diagnostics;
using System.Text.Json;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Tests;

/// <summary>ffprobe/ffmpeg as independent RTSP clients against the in-process server.</summary>
[Parallelizable(ParallelScope.None)]
public class FfmpegInteropTests
{
    private string _dir = null!;

    [OneTimeSetUp]
    public void RequireFfmpeg()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Any(d => File.Exists(Path.Combine(d, tool)));
            if (!found) Assert.Ignore($"{tool} not installed");
        }
    }

    [SetUp]
    public void CreateDir() => _dir = Directory.CreateTempSubdirectory("simcam-tests-").FullName;

    [TearDown]
    public void DeleteDir()
    {
        try { Directory.Delete(_dir, recursive: true); } catch { }
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string tool, string arguments, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
            }
        }
    }

    private static async Task<(string Codec, int Width, int Height)> ProbeAsync(string url)
    {
        var (code, stdout, stderr) = await RunAsync("ffprobe",
            $"-v error -rtsp_transport tcp -show_entries stream=codec_name,width,height -of json \"{url}\"", TimeSpan.FromSeconds(30));
        Assert.That(code, Is.EqualTo(0), stderr);
        var stream = JsonDocument.Parse(stdout).RootElement.GetProperty("streams")[0];
        return (stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32());
    }

    private async Task RecordAndVerifyAsync(string url)
    {
        var output = Path.Combine(_dir, "out.mp4");
        var (code, _, stderr) = await RunAsync("ffmpeg",
            $"-nostdin -v error -rtsp_transport tcp -i \"{url}\" -t 3 -c copy -f mp4 -y \"{output}\"", TimeSpan.FromSeconds(40));
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stderr.Trim(), Is.Empty, "ffmpeg reported no errors while recording");

        var (probeCode, stdout, probeErr) = await RunAsync("ffprobe",
            $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of json \"{output}\"", TimeSpan.FromSeconds(30));
        Assert.That(probeCode, Is.EqualTo(0), probeErr);
        var frames = int.Parse(JsonDocument.Parse(stdout).RootElement.GetProperty("streams")[0].GetProperty("nb_read_frames").GetString()!);
        Assert.That(frames, Is.InRange(68, 83), "3 s at 25 fps, ±10 %");

        var (decodeCode, _, decodeErr) = await RunAsync("ffmpeg", $"-nostdin -v error -i \"{output}\" -f null -", TimeSpan.FromSeconds(30));
        Assert.That(decodeCode, Is.EqualTo(0));
        Assert.That(decodeErr.Trim(), Is.Empty, "decoding the recording is error-free");
    }

    [Test]
    public async Task Ffprobe_sees_an_h264_1280x720_stream()
    {
        await using var server = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0 });
        var (codec, width, height) = await ProbeAsync(server.GetUrl(1));
        Assert.That((codec, width, height), Is.EqualTo(("h264", 1280, 720)));
    }

    [Test]
    public async Task Ffmpeg_records_three_seconds_as_about_75_cleanly_decodable_frames()
    {
        await using var server = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0 });
        await RecordAndVerifyAsync(server.GetUrl(1));
    }

    [Test]
    public async Task Ffmpeg_authenticates_with_digest_credentials_in_the_url()
    {
        await using var server = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0, User = "admin", Password = "s3cret" });
        var (codec, width, height) = await ProbeAsync(server.GetUrl(2, "admin", "s3cret"));
        Assert.That((codec, width, height), Is.EqualTo(("h264", 1280, 720)));
        await RecordAndVerifyAsync(server.GetUrl(2, "admin", "s3cret"));

        var (code, _, stderr) = await RunAsync("ffprobe", $"-v error -rtsp_transport tcp -show_entries stream=codec_name -of json \"{server.GetUrl(2, "admin", "nope")}\"",
            TimeSpan.FromSeconds(30));
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(stderr, Does.Contain("401"));
    }

    [Test]
    public async Task Ffprobe_reads_the_small_loop_and_a_looped_file_given_by_path()
    {
        var path = Path.Combine(_dir, "copy.h264");
        await using (var resource = typeof(SimulatedCameraServer).Assembly.GetManifestResourceStream("VmsServices.SimCamera.media." + H264Loop.Small360Resource)!)
        await using (var file = File.Create(path))
            await resource.CopyToAsync(file);
        await using var server = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions { Port = 0, FilePath = path, FramesPerSecond = 25 });
        var (codec, width, height) = await ProbeAsync(server.GetUrl(1));
        Assert.That((codec, width, height), Is.EqualTo(("h264", 640, 360)));
    }
}
