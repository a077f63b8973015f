using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;
using VmsServices.SimCamera;
using VmsServices.SimCamera.Source;
using static VmsServices.Recording.Tests.Recorder.RecorderTestMedia;

namespace VmsServices.Recording.Tests.Recorder;

/// <summary>One recorder against the in-process simulated camera (GOP 1 s, no audio) and an in-memory store.</summary>
public sealed class DeviceRecorderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private SimulatedCameraServer _cameras = null!;
    private SimulatedCameraServer _protectedCameras = null!;

    [OneTimeSetUp]
    public async Task StartCameras()
    {
        _cameras = await SimulatedCameraServer.StartAsync(new() { Port = 0, Cameras = 2, EmbeddedMedia = H264Loop.Small360Resource });
        _protectedCameras = await SimulatedCameraServer.StartAsync(new()
        {
            Port = 0, Cameras = 1, EmbeddedMedia = H264Loop.Small360Resource, User = "operator", Password = "s3cret!",
        });
    }

    [OneTimeTearDown]
    public async Task StopCameras()
    {
        await _cameras.DisposeAsync();
        await _protectedCameras.DisposeAsync();
    }

    private static RecorderOptions Options() => new()
    {
        SegmentTargetDuration = TimeSpan.FromSeconds(2),
        FirstReconnectDelay = TimeSpan.FromMilliseconds(100),
        StreamStallTimeout = TimeSpan.FromSeconds(5),
    };

    private sealed class Run(DeviceRecorder recorder, InMemorySegmentStore store, CancellationTokenSource cts, Task task) : IAsyncDisposable
    {
        public DeviceRecorder Recorder => recorder;
        public InMemorySegmentStore Store => store;

        public async Task Until(Func<Run, bool> condition, string what)
        {
            var watch = Stopwatch.StartNew();
            while (!condition(this))
            {
                if (watch.Elapsed > Patience) Assert.Fail($"Timed out waiting for {what}; status {recorder.Status}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            cts.Cancel();
            await task.WaitAsync(TimeSpan.FromSeconds(15));
            cts.Dispose();
        }
    }

    private static Run Start(string url, InMemorySegmentStore? store = null, string? credentialsRef = null, Dictionary<string, string?>? config = null)
    {
        store ??= new InMemorySegmentStore();
        var credentials = new ConfigurationCredentialsProvider(new ConfigurationBuilder().AddInMemoryCollection(config ?? []).Build());
        var recorder = new DeviceRecorder(new DeviceRecord("cam-1", "Lobby", url, null, credentialsRef), store, credentials,
            Options(), TimeProvider.System, NullLogger.Instance);
        var cts = new CancellationTokenSource();
        return new Run(recorder, store, cts, Task.Run(() => recorder.RunAsync(cts.Token)));
    }

    [Test]
    public async Task Receive_batching_is_off_while_someone_watches_live_and_on_again_when_they_leave()
    {
        await using Run run = Start(_cameras.GetUrl(2));
        await run.Until(r => r.Recorder.Status.ReceiveLowWaterBytes > 1, "receive batching to raise the socket's low-water mark");

        using (var viewer = run.Recorder.Live.Subscribe())
        {
            var reading = Task.Run(async () => { await foreach (var _ in viewer.Reader.ReadAllAsync()) { } });
            Assert.That(run.Recorder.Status.ReceiveLowWaterBytes, Is.EqualTo(1), "the first viewer drops the mark at once");
            // The batcher re-measures the camera's rate every second: two more segments (2 s each) give it
            // several chances to raise the mark again, which it must not take while the viewer watches.
            long written = run.Recorder.Status.SegmentsWritten;
            await run.Until(r => r.Recorder.Status.SegmentsWritten >= written + 2, "two more segments while watched");
            Assert.That(run.Recorder.Status.ReceiveLowWaterBytes, Is.EqualTo(1));
            Assert.That(run.Recorder.Live.HasViewers, Is.True, "the viewer kept up");
            viewer.Dispose();
            await reading.WaitAsync(Patience);
        }

        await run.Until(r => r.Recorder.Status.ReceiveLowWaterBytes > 1, "batching back on once the last viewer left");
    }

    [Test]
    public async Task Recording_a_camera_commits_contiguous_segments_that_start_on_key_frames()
    {
        await using Run run = Start(_cameras.GetUrl(1));
        await run.Until(r => r.Store.Segments().Count >= 3, "three segments");

        var segments = run.Store.Segments().Take(3).ToList();
        var file = run.Store.Files.Single(f => f.DataType == DataTypes.Video);
        Assert.That(file.Fragments.Take(3).Select(f => FirstSampleIsSync(f)), Is.All.True);
        Assert.That(segments[1].StartUtcMicros, Is.EqualTo(segments[0].EndUtcMicros));
        Assert.That(segments[2].StartUtcMicros, Is.EqualTo(segments[1].EndUtcMicros));
        Assert.That(segments.Select(s => s.EndUtcMicros - s.StartUtcMicros), Is.All.InRange(1_900_000, 2_100_000));
        Assert.That(segments.Select(s => s.Flags), Is.EqualTo(new[] { SegmentFlags.AfterGap, SegmentFlags.None, SegmentFlags.None }),
            "the first segment after a start follows an interruption");
        Assert.That(run.Store.Files.Where(f => f.DataType == DataTypes.Audio), Is.Empty, "the camera has no audio");
        RecorderStatus status = run.Recorder.Status;
        Assert.That(status.State, Is.EqualTo(RecorderState.Recording));
        Assert.That(status.SegmentsWritten, Is.GreaterThanOrEqualTo(3));
        Assert.That(status.BytesWritten, Is.GreaterThan(0));
        Assert.That(status.LastSegmentEndUtcMicros, Is.GreaterThanOrEqualTo(segments[2].EndUtcMicros));
    }

    [Test]
    public async Task A_recorded_segment_decodes_with_ffmpeg_and_its_first_frame_is_a_key_frame()
    {
        if (!File.Exists("/usr/bin/ffmpeg") || !File.Exists("/usr/bin/ffprobe")) Assert.Ignore("ffmpeg/ffprobe are not installed");
        await using Run run = Start(_cameras.GetUrl(2));
        await run.Until(r => r.Store.Segments().Count >= 1, "one segment");
        var file = run.Store.Files.First(f => f.DataType == DataTypes.Video);
        string path = Path.Combine(Path.GetTempPath(), $"segment-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, [.. file.Init, .. file.Fragments[0]]);
        try
        {
            (string decodeErrors, int exit) = await Tool("/usr/bin/ffmpeg", "-v", "error", "-i", path, "-f", "null", "-");
            Assert.That(exit, Is.Zero);
            Assert.That(decodeErrors, Is.Empty);
            (string keyFrames, _) = await Tool("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=key_frame", "-of", "default=nw=1:nk=1", path);
            string[] lines = keyFrames.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.That(lines.Length, Is.InRange(45, 55), "about 2 s of 25 fps");
            Assert.That(lines[0], Is.EqualTo("1"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task After_a_camera_drop_the_recorder_reconnects_and_the_next_segment_is_after_gap()
    {
        await using Run run = Start(_cameras.GetUrl(1, query: "drop-after=3"));
        await run.Until(r => r.Store.Segments().Count(s => s.Flags == SegmentFlags.AfterGap) >= 2, "a segment after the drop");

        var segments = run.Store.Segments();
        int second = segments.Select((s, i) => (s, i)).Where(p => p.s.Flags == SegmentFlags.AfterGap).Skip(1).First().i;
        Assert.That(segments[second].StartUtcMicros, Is.GreaterThanOrEqualTo(segments[second - 1].EndUtcMicros), "never overlaps");
        Assert.That(run.Store.Files.Count(f => f.DataType == DataTypes.Video), Is.GreaterThanOrEqualTo(2), "a new file per session");
        RecorderStatus status = run.Recorder.Status;
        Assert.That(status.RecentGaps.Where(g => g.EndUtcMicros is not null), Is.Not.Empty);
        Assert.That(status.LastError, Is.Not.Null);
    }

    [Test]
    public async Task With_garbage_between_interleaved_frames_the_recorder_keeps_recording()
    {
        await using Run run = Start(_cameras.GetUrl(2, query: "garbage=1"));
        await run.Until(r => r.Store.Segments().Count >= 3, "three segments");

        Assert.That(run.Store.Files.SelectMany(f => f.Fragments).Select(f => FirstSampleIsSync(f)), Is.All.True);
    }

    [Test]
    public async Task With_wrong_credentials_the_recorder_backs_off_and_reports_the_authentication_error()
    {
        await using Run run = Start(_protectedCameras.GetUrl(1), credentialsRef: "lobby",
            config: new() { ["Recording:Credentials:lobby:UserName"] = "operator", ["Recording:Credentials:lobby:Password"] = "wrong-pass" });
        await run.Until(r => r.Recorder.Status is { State: RecorderState.BackingOff, ConsecutiveFailures: >= 2 }, "a second failed attempt");

        RecorderStatus status = run.Recorder.Status;
        Assert.That(status.LastError, Does.Contain("authentication failed"));
        Assert.That(status.LastError, Does.Not.Contain("wrong-pass"));
        Assert.That(status.SegmentsWritten, Is.Zero);
    }

    [Test]
    public async Task With_the_configured_credentials_the_recorder_records_a_protected_camera()
    {
        await using Run run = Start(_protectedCameras.GetUrl(1), credentialsRef: "lobby",
            config: new() { ["Recording:Credentials:lobby:UserName"] = "operator", ["Recording:Credentials:lobby:Password"] = "s3cret!" });
        await run.Until(r => r.Store.Segments().Count >= 1, "one segment");

        Assert.That(run.Recorder.Status.State, Is.EqualTo(RecorderState.Recording));
    }

    [Test]
    public async Task A_full_volume_drops_the_segment_but_not_the_session()
    {
        var store = new InMemorySegmentStore();
        store.FullOnAppend.Add(2);
        await using Run run = Start(_cameras.GetUrl(1), store);
        await run.Until(r => r.Store.Segments().Count >= 3, "three committed segments");

        var segments = store.Segments();
        Assert.That(segments[1].Flags, Is.EqualTo(SegmentFlags.AfterGap), "the segment after the dropped one follows a gap");
        Assert.That(segments[1].StartUtcMicros - segments[0].EndUtcMicros, Is.InRange(1_900_000, 2_100_000), "one segment is missing");
        Assert.That(segments[2].Flags, Is.EqualTo(SegmentFlags.None));
        RecorderStatus status = run.Recorder.Status;
        Assert.That(status.SegmentsDropped, Is.EqualTo(1));
        Assert.That(status.State, Is.EqualTo(RecorderState.Recording));
        Assert.That(status.ConsecutiveFailures, Is.Zero, "the session never ended");
        Assert.That(status.RecentGaps.Single().Reason, Is.EqualTo("storage full"));
    }

    private static async Task<(string Output, int ExitCode)> Tool(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return ((await stdout) + (await stderr), p.ExitCode);
    }
}
