using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

/// <summary>
/// Plays from a real RTSP server (GStreamer's, via peers/gst_rtsp_camera.py). Ignored when the
/// python GstRtspServer bindings are missing.
/// </summary>
[Category("Integration")]
public class GstRtspIntegrationTests
{
    private const string Python = "/usr/bin/python3";
    private Process? _camera;

    private static string ScriptPath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "peers", "gst_rtsp_camera.py");

    private static bool GstRtspServerAvailable()
    {
        try
        {
            using Process p = Process.Start(new ProcessStartInfo(Python,
                ["-c", "import gi; gi.require_version('GstRtspServer','1.0'); from gi.repository import GstRtspServer"])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit(30_000);
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [TearDown]
    public void StopCamera()
    {
        if (_camera is null)
            return;
        try
        {
            if (!_camera.HasExited)
            {
                _camera.Kill(entireProcessTree: true); // by the PID we started
                _camera.WaitForExit(5000);
            }
        }
        finally
        {
            _camera.Dispose();
            _camera = null;
        }
    }

    private async Task<string> StartCameraAsync(string audio)
    {
        int port = FreePort();
        _camera = Process.Start(new ProcessStartInfo(Python, [ScriptPath(), port.ToString(), "--audio", audio])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _camera.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine("gst: " + e.Data); };
        _camera.BeginErrorReadLine();
        string? line = await _camera.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(line, Is.EqualTo("READY"), "the GStreamer camera did not start");
        return $"rtsp://127.0.0.1:{port}/cam";
    }

    [TestCase("aac", Codec.Aac)]
    [TestCase("pcma", Codec.Pcma)]
    public async Task Receives_key_frames_parameter_sets_and_audio_from_gstreamer_rtsp_server(string audio, Codec audioCodec)
    {
        if (!GstRtspServerAvailable())
            Assert.Ignore("python3 gi / GstRtspServer is not installed");
        string url = await StartCameraAsync(audio);

        await using RtspSession session = await RtspSession.ConnectAsync(
            new RtspSessionOptions { Url = url, ResponseTimeout = TimeSpan.FromSeconds(20) });
        int videoFrames = 0, keyFrames = 0, audioFrames = 0;
        long lastVideoTs = long.MinValue;
        bool monotonic = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await session.RunAsync(s =>
            {
                if (session.Tracks[s.TrackIndex].IsVideo)
                {
                    videoFrames++;
                    keyFrames += s.IsKeyFrame ? 1 : 0;
                    monotonic &= s.RtpTimestamp > lastVideoTs;
                    lastVideoTs = s.RtpTimestamp;
                }
                else
                {
                    audioFrames++;
                }
                return ValueTask.CompletedTask;
            }, cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        TrackInfo video = session.Tracks.Single(t => t.Codec == Codec.H264);
        Assert.That(session.Tracks.Select(t => t.Codec), Does.Contain(audioCodec));
        Assert.That(video.ParameterSets.Select(p => p[0] & 0x1F), Is.EqualTo(new[] { 7, 8 }));
        Assert.That(keyFrames, Is.GreaterThanOrEqualTo(1));
        Assert.That(videoFrames, Is.GreaterThan(25), "about 25 fps for 3 s");
        Assert.That(monotonic, Is.True);
        Assert.That(audioFrames, Is.GreaterThan(0));
        Assert.That(session.GetStatistics(0).LostPackets, Is.Zero);
    }
}
