using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Playback across recording servers: a GStreamer camera (GOP 1 s at 25 fps) recorded on rec-a,
/// moved to rec-b, then rec-c; ONE playback.mp4 of the whole range fetched from the current
/// server decodes with ffmpeg, without a hole longer than a GOP at the moves and without a frame
/// twice; a Range request answers the same bytes; the HLS playlist of the range plays too.
/// </summary>
[Category("Integration")]
public sealed class PlaybackTests
{
    private const double GopSeconds = 1.0;
    private const double FrameSeconds = 0.04;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<ServiceProcess> _processes = [];
    private string _scratch = null!;

    [SetUp]
    public void SetUp()
    {
        if (!File.Exists("/usr/bin/ffprobe")) Assert.Ignore("ffprobe is not installed (Debian package ffmpeg; .ci/run installs it).");
        _scratch = RepoPaths.NewScratchDirectory("playback");
    }

    [TearDown]
    public async Task TearDown()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        foreach (var p in _processes)
        {
            if (failed) TestContext.Out.WriteLine($"----- {p.Name} (pid {p.Pid}) -----\n{p.Output}");
            await p.DisposeAsync();
        }
        try { Directory.Delete(_scratch, true); } catch (IOException) { }
    }

    [Test]
    public async Task One_mp4_and_one_playlist_span_three_recording_servers_after_two_moves()
    {
        await using var cluster = await ServiceCluster.CreateAsync();
        var (camera, url) = await CameraPeers.StartGStreamerAsync(_scratch, audio: "none");
        _processes.Add(camera);
        cluster.RecorderSettings.Add("--Recording:SegmentTargetDuration=00:00:02");
        await cluster.StartManagementAsync();
        var a = (await cluster.StartRecorderAsync("rec-a")).Client;
        var b = (await cluster.StartRecorderAsync("rec-b")).Client;
        var c = (await cluster.StartRecorderAsync("rec-c")).Client;
        var management = cluster.Management;
        await Eventually.Get(management.ServersAsync, s => s.Count == 3, Patience, "three recorders to join");
        await management.AddDeviceAsync("cam-1", "rec-a", url);
        await Eventually.Get(() => a.LocalSegmentsAsync("cam-1"), s => s.Count >= 3, Patience, "recording on rec-a");
        await MoveAndRecordAsync(management, "rec-b", b);
        await MoveAndRecordAsync(management, "rec-c", c);

        var merged = await Eventually.Get(() => c.SegmentsAsync("cam-1"), s => s.Select(x => x.RecordingServerId).Distinct().Count() == 3, Patience, "rec-c to list all holders");
        var (from, to) = (merged[0].StartUtcMicros, merged[^1].EndUtcMicros);
        var file = await DownloadAsync(c, ServiceClient.PlaybackPath("cam-1", "mp4", from, to), "range.mp4");

        await AssertPlaysOnceWithoutLongHolesAsync(file, (to - from) / 1e6);

        var full = await File.ReadAllBytesAsync(file);
        var (status, slice, contentRange) = await c.GetBytesAsync(ServiceClient.PlaybackPath("cam-1", "mp4", from, to), "bytes=1000-200000");
        Assert.That(status, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(contentRange, Is.EqualTo($"bytes 1000-200000/{full.Length}"));
        Assert.That(slice, Is.EqualTo(full.AsSpan(1000, 199_001).ToArray()), "the Range answer is the full download's slice");

        var (held, hls) = await FetchPlaylistAsync(c, "cam-1", from, to, merged);
        Assert.That(held.Distinct(), Is.EquivalentTo(new[] { "rec-a", "rec-b", "rec-c" }), "the playlist lists pieces of all three servers");
        Assert.That(await DecodeErrorsAsync(hls), Is.Empty, "the playlist's media, fetched from rec-c, decodes");

        // A cut piece (what the planner asks for where servers overlap) through rec-c's proxy, cut on its holder rec-a.
        var old = merged.First(s => s.RecordingServerId == "rec-a");
        var cut = old.StartUtcMicros + (old.EndUtcMicros - old.StartUtcMicros) / 2;
        var segmentPath = $"/api/devices/cam-1/segments/{old.StartUtcMicros}?dataType=video";
        var (_, init, _) = await c.GetBytesAsync(segmentPath + "&part=init");
        var (_, fragment, _) = await c.GetBytesAsync(segmentPath + "&part=fragment");
        var (cutStatus, head, _) = await c.GetBytesAsync(segmentPath + $"&part=fragment&endUtcMicros={cut}");
        Assert.That(cutStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Length, Is.InRange(1, fragment.Length - 1));
        var headFile = Path.Combine(_scratch, "cut.mp4");
        await File.WriteAllBytesAsync(headFile, [.. init, .. head]);
        Assert.That(await DecodeErrorsAsync(headFile), Is.Empty, "a cut piece decodes");
        var headFrames = int.Parse((await RunAsync("/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", headFile)).Trim());
        Assert.That(headFrames, Is.EqualTo((cut - old.StartUtcMicros) / 40_000.0).Within(1.01), "the frames before the cut");

        var (misdirected, _, _) = await a.GetBytesAsync(ServiceClient.PlaybackPath("cam-1", "mp4", from, to));
        Assert.That(misdirected, Is.EqualTo(HttpStatusCode.MisdirectedRequest), "only the current server plays back");
    }

    [Test]
    public async Task The_embedded_default_plays_one_mp4_across_a_move()
    {
        var (camera, url) = await CameraPeers.StartGStreamerAsync(_scratch, audio: "none");
        _processes.Add(camera);
        var demo = DemoProcess.StartDll(_scratch, DemoProcess.FreeBasePort(), "--Demo:SimulatedCameras=0");
        _processes.Add(demo);
        var urls = await DemoProcess.WaitForUrlsAsync(demo, 3, Patience);
        using var management = new ServiceClient(urls[0]);
        var token = await management.SignInAsync();
        using var a = new ServiceClient(urls[1]).WithToken(token);
        using var b = new ServiceClient(urls[2]).WithToken(token);
        await Eventually.Get(management.ServersAsync, s => s.Count == 2, Patience, "both recorders to join");
        await management.AddDeviceAsync("door", "rec-a", url);
        await Eventually.Get(() => a.LocalSegmentsAsync("door"), s => s.Count >= 2, Patience, "recording on rec-a");
        await MoveAndRecordAsync(management, "rec-b", b, device: "door", segments: 2);

        var merged = await Eventually.Get(() => b.SegmentsAsync("door"), s => s.Select(x => x.RecordingServerId).Distinct().Count() == 2, Patience, "rec-b to list both holders");
        var (from, to) = (merged[0].StartUtcMicros, merged[^1].EndUtcMicros);
        var file = await DownloadAsync(b, ServiceClient.PlaybackPath("door", "mp4", from, to), "embedded.mp4");

        await AssertPlaysOnceWithoutLongHolesAsync(file, (to - from) / 1e6);
        var (_, hls) = await FetchPlaylistAsync(b, "door", from, to, merged);
        Assert.That(await DecodeErrorsAsync(hls), Is.Empty);
    }

    private static async Task MoveAndRecordAsync(ServiceClient management, string to, ServiceClient target, string device = "cam-1", int segments = 3)
    {
        var (status, body) = await management.MoveAsync(device, to);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        await Eventually.Get(() => target.LocalSegmentsAsync(device), s => s.Count >= segments, Patience, $"recording on {to}");
    }

    private async Task<string> DownloadAsync(ServiceClient client, string path, string name)
    {
        var (status, body, _) = await client.GetBytesAsync(path);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 2000))));
        var file = Path.Combine(_scratch, name);
        await File.WriteAllBytesAsync(file, body);
        return file;
    }

    /// <summary>The playlist's holders (by the listed segment starts) and its media fetched from the server, after the first map, as one file.</summary>
    private async Task<(List<string> Holders, string File)> FetchPlaylistAsync(ServiceClient client, string device, long from, long to, IReadOnlyList<Segment> merged)
    {
        var (status, text, _) = await client.GetBytesAsync(ServiceClient.PlaybackPath(device, "m3u8", from, to));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var lines = Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Does.Contain("#EXT-X-ENDLIST"));
        var map = lines.First(l => l.StartsWith("#EXT-X-MAP:URI=\""))["#EXT-X-MAP:URI=\"".Length..].TrimEnd('"');
        var media = lines.Where(l => !l.StartsWith('#')).ToList();
        var holders = media.Select(uri => long.Parse(uri.Split('/')[^1].Split('?')[0], CultureInfo.InvariantCulture))
            .Select(start => merged.Single(s => s.StartUtcMicros == start).RecordingServerId).ToList();
        TestContext.Out.WriteLine($"{device}: {media.Count} pieces from {string.Join(", ", holders.Distinct())}, {media.Count(m => m.Contains("endUtcMicros"))} cut, {lines.Count(l => l == "#EXT-X-DISCONTINUITY")} discontinuities");
        var file = Path.Combine(_scratch, device + "-hls.mp4");
        await using var output = File.Create(file);
        foreach (var uri in media.Prepend(map))
        {
            var (partStatus, bytes, _) = await client.GetBytesAsync(uri);
            Assert.That(partStatus, Is.EqualTo(HttpStatusCode.OK), $"{uri}: {Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 500)))}");
            await output.WriteAsync(bytes);
        }
        return (holders, file);
    }

    private static async Task AssertPlaysOnceWithoutLongHolesAsync(string file, double rangeSeconds)
    {
        Assert.That(await DecodeErrorsAsync(file), Is.Empty, "ffmpeg decodes the playback without an error");
        var frames = (await RunAsync("/usr/bin/ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time,key_frame", "-of", "compact=p=0", file))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('|').Select(kv => kv.Split('=')).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]))
            .Where(f => f.ContainsKey("pts_time") && f["pts_time"] != "N/A")
            .Select(f => double.Parse(f["pts_time"], CultureInfo.InvariantCulture)).ToList();
        Assert.That(frames, Has.Count.GreaterThan(25 * rangeSeconds * 0.8), "frames for the whole range");
        Assert.That(frames[0], Is.EqualTo(0).Within(0.001), "the timeline starts at 0");
        var steps = frames.Zip(frames.Skip(1), (x, y) => y - x).ToList();
        Assert.That(steps.Min(), Is.GreaterThan(0), "strictly increasing: no frame twice");
        Assert.That(steps.Max(), Is.LessThanOrEqualTo(GopSeconds + FrameSeconds), "no hole longer than a GOP at the moves");
        Assert.That(frames[^1] + FrameSeconds, Is.EqualTo(rangeSeconds).Within(GopSeconds), "as long as the range");
    }

    private static async Task<string> DecodeErrorsAsync(string file) => (await RunAsync("/usr/bin/ffmpeg", "-v", "error", "-i", file, "-f", "null", "-")).Trim();

    private static async Task<string> RunAsync(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await stdout + await stderr;
    }
}
