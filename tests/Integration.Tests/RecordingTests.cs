using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Recording real cameras on the embedded default, judged by ffprobe: GStreamer's RTSP server (an
/// independent peer) and the project's simulated camera, plus the misbehaving cameras a VMS meets.
/// </summary>
[Category("Integration")]
public sealed class RecordingTests
{
    private const double GopSeconds = 1.0; // both cameras send a key frame every 25 frames at 25 fps
    private const double TargetSeconds = 4.0;
    private string _data = null!;
    private readonly List<ServiceProcess> _processes = [];

    [SetUp]
    public void SetUp()
    {
        Ffprobe.RequireInstalled();
        _data = RepoPaths.NewScratchDirectory("recording");
    }

    [TearDown]
    public async Task TearDown()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        foreach (var p in _processes)
        {
            await p.DisposeAsync();
            if (failed) TestContext.Out.WriteLine($"----- {p.Name} -----\n{p.Output}");
        }
        Directory.Delete(_data, true);
    }

    private ServiceProcess Track(ServiceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task<(ServiceClient Management, ServiceClient RecA, ServiceClient RecB)> StartDemoAsync(params string[] args)
    {
        var demo = Track(DemoProcess.StartDll(_data, DemoProcess.FreeBasePort(), ["--Demo:SimulatedCameras=0", .. args]));
        var urls = await DemoProcess.WaitForUrlsAsync(demo, 3, TimeSpan.FromSeconds(60));
        var management = new ServiceClient(urls[0]);
        var token = await management.SignInAsync();
        await Eventually.Get(management.ServersAsync, s => s.Count == 2, TimeSpan.FromSeconds(30), "both recorders to join");
        return (management, new ServiceClient(urls[1]).WithToken(token), new ServiceClient(urls[2]).WithToken(token));
    }

    [Test]
    public async Task Thirty_seconds_of_gstreamer_and_simulated_cameras_decode_segment_by_segment()
    {
        var (gst, gstUrl) = await CameraPeers.StartGStreamerAsync(_data);
        Track(gst);
        var (sim, simPort) = await CameraPeers.StartSimulatedAsync(_data);
        Track(sim);
        var (management, recA, recB) = await StartDemoAsync();
        await management.AddDeviceAsync("gst", "rec-a", gstUrl, dataTypes: ["video", "audio"]);
        await management.AddDeviceAsync("sim", "rec-b", $"rtsp://127.0.0.1:{simPort}/cam1");

        await Eventually.Get(() => recA.SegmentsAsync("gst"), s => s.Count > 0, TimeSpan.FromSeconds(30), "the first gst segment");
        await Task.Delay(TimeSpan.FromSeconds(30));

        foreach (var (client, device) in new[] { (recA, "gst"), (recB, "sim") })
        {
            var segments = await client.SegmentsAsync(device);
            var recordedSeconds = (segments[^1].EndUtcMicros - segments[0].StartUtcMicros) / 1e6;
            Assert.That(recordedSeconds, Is.GreaterThanOrEqualTo(30 - TargetSeconds - GopSeconds), $"{device}: {segments.Count} segments");
            var probedSeconds = 0.0;
            for (var i = 0; i < segments.Count; i++)
            {
                var file = await client.DownloadSegmentAsync(device, segments[i], _data);
                Assert.That(await Ffprobe.DecodeErrorsAsync(file), Is.Empty, $"{device} segment {i} decodes");
                Assert.That(await Ffprobe.FirstVideoFrameIsKeyAsync(file), Is.True, $"{device} segment {i} starts on a key frame");
                probedSeconds += await Ffprobe.StreamDurationSecondsAsync(file);
                if (i > 0) Assert.That(segments[i].StartUtcMicros, Is.EqualTo(segments[i - 1].EndUtcMicros), $"{device}: no hole before segment {i}");
                if (i > 0) Assert.That(segments[i].AfterGap, Is.False, $"{device}: no gap before segment {i}");
            }
            Assert.That(probedSeconds, Is.EqualTo(recordedSeconds).Within(GopSeconds), $"{device}: what ffprobe decodes adds up to the recorded wall time");
        }

        // The GStreamer camera sends AAC: it is recorded as its own data type, served alongside the video.
        var audio = await recA.SegmentsAsync("gst", "audio");
        Assert.That(audio, Is.Not.Empty);
        var audioFile = await recA.DownloadSegmentAsync("gst", audio[^1], _data, "audio");
        Assert.That(await Ffprobe.CodecAsync(audioFile, "a:0"), Is.EqualTo("aac"));
        Assert.That(await Ffprobe.DecodeErrorsAsync(audioFile), Is.Empty);
    }

    [Test]
    public async Task Digest_dropping_and_garbage_cameras_are_recorded_with_their_gaps_and_the_service_stays_up()
    {
        var (secured, securedPort) = await CameraPeers.StartSimulatedAsync(_data, 1, "--user", "operator", "--password", "s3cret!");
        Track(secured);
        var (faulty, faultyPort) = await CameraPeers.StartSimulatedAsync(_data, 2);
        Track(faulty);
        var (management, recA, _) = await StartDemoAsync(
            "--Recording:Credentials:lobby-cam:UserName=operator", "--Recording:Credentials:lobby-cam:Password=s3cret!");
        await management.AddDeviceAsync("digest", "rec-a", $"rtsp://127.0.0.1:{securedPort}/cam1", credentialsRef: "lobby-cam");
        await management.AddDeviceAsync("dropping", "rec-a", $"rtsp://127.0.0.1:{faultyPort}/cam1?drop-after=7");
        await management.AddDeviceAsync("garbage", "rec-a", $"rtsp://127.0.0.1:{faultyPort}/cam2?garbage=1");

        // The camera hangs up after 7 s of every session: each reconnect starts with a gap, then records again.
        await Eventually.Get(() => recA.SegmentsAsync("dropping"), s => s.Count(x => x.AfterGap) >= 2,
            TimeSpan.FromSeconds(60), "the dropping camera to be recorded again after a gap");

        var digest = await recA.SegmentsAsync("digest");
        Assert.That(digest, Is.Not.Empty, "the digest-protected camera is recorded");
        var dropping = await recA.SegmentsAsync("dropping");
        var gapIndex = dropping.ToList().FindIndex(1, s => s.AfterGap);
        Assert.That(dropping[gapIndex].StartUtcMicros, Is.GreaterThanOrEqualTo(dropping[gapIndex - 1].EndUtcMicros), "a gap is never papered over");
        var garbage = await Eventually.Get(() => recA.SegmentsAsync("garbage"), s => s.Count >= 2, TimeSpan.FromSeconds(30), "the garbage camera to be recorded");
        var garbageFile = await recA.DownloadSegmentAsync("garbage", garbage[^1], _data);
        Assert.That(await Ffprobe.FirstVideoFrameIsKeyAsync(garbageFile), Is.True);
        Assert.That(await recA.IsReadyAsync(), Is.True, "the recording server is still up");
        var statuses = await recA.RecordersAsync();
        Assert.That(statuses.Single(s => s.DeviceId == "dropping").LastError, Is.Not.Null.And.Not.Empty, "the drop is reported");
    }
}
