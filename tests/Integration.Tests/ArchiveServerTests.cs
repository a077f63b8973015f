using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// An archiving server over real RabbitMQ + PostgreSQL: rec-a records the simulated camera (2-s
/// segments, GOP 1 s), arch-z (Recording:Role=Archive) takes every segment older than 6 s. The
/// configuration table names arch-z as a non-current holder, and one MP4 of a range spanning
/// archived and live segments, asked of rec-a (the current server), decodes without a hole longer
/// than a GOP. Killed with SIGKILL mid-transfer, rec-a and arch-z lose and duplicate nothing. Rows
/// follow the holdings: a source left with nothing loses its non-current row, and so does the archive
/// once its own retention removed the device's last segment.
/// </summary>
[Category("Integration")]
public sealed partial class ArchiveServerTests : CameraClusterFixture
{
    private const string Recorder = "rec-a", Archive = "arch-z", Device = "cam-1";
    private const double GopSeconds = 1.0, FrameSeconds = 0.04;
    private static readonly TimeSpan MoveAfter = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SetUp]
    public void ArchiveSettings()
    {
        Ffprobe.RequireInstalled();
        // Files close every 6 s (a whole file may go once archived); no free-space floor on a test disk.
        Cluster.RecorderSettings.AddRange(["--Recording:FileRollInterval=00:00:06", "--Recording:Retention:MinFreeBytes=0"]);
    }

    [Test]
    public async Task Old_segments_move_to_the_archiving_server_which_the_table_names_as_a_holder_and_one_mp4_across_both_plays_from_the_current_server()
    {
        var (_, a) = await Cluster.StartRecorderAsync(Recorder);
        var (_, z) = await StartArchiveAsync();
        await WaitOnlineAsync();

        // Load-based placement never picks the archiving server, though it is the idlest.
        await Cluster.Management.AddDeviceAsync("cam-auto", null, "rtsp://127.0.0.1:9/none");
        Assert.That((await Cluster.Management.CurrentServersAsync())["cam-auto"], Is.EqualTo(Recorder));
        (await Cluster.Management.Http.DeleteAsync("/api/devices/cam-auto")).EnsureSuccessStatusCode();

        await Cluster.Management.AddDeviceAsync(Device, Recorder, CameraUrl);
        var row = await Eventually.Get(Cluster.Management.TableAsync, t => t.Entries.Any(e => e.DeviceId == Device && e.RecordingServerId == Archive), Patience,
            "the configuration table to name the archiving server");
        Assert.That(row.Entries.Single(e => e.DeviceId == Device && e.RecordingServerId == Archive).IsCurrent, Is.False, "a holder, never current");
        var (moveStatus, moveBody) = await Cluster.Management.MoveAsync(Device, Archive);
        Assert.That(moveStatus, Is.Not.EqualTo(HttpStatusCode.OK), $"an archiving server refuses to record: {moveBody}");
        Assert.That((await Cluster.Management.CurrentServersAsync())[Device], Is.EqualTo(Recorder));

        var merged = await Eventually.Get(() => a.SegmentsAsync(Device),
            s => s.Count(x => x.RecordingServerId == Archive) >= 4 && s.Count(x => x.RecordingServerId == Recorder) >= 2, Patience,
            "rec-a to list segments held by the archive and by itself");
        var (from, to) = (merged.First(s => s.RecordingServerId == Archive).StartUtcMicros, merged.Last(s => s.RecordingServerId == Recorder).EndUtcMicros);
        var file = Path.Combine(Scratch, "archived-and-live.mp4");
        var (status, body, _) = await a.GetBytesAsync(ServiceClient.PlaybackPath(Device, "mp4", from, to));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        await File.WriteAllBytesAsync(file, body);
        TestContext.Out.WriteLine($"playback of {(to - from) / 1e6:0.0} s: {merged.Count(s => s.StartUtcMicros >= from && s.RecordingServerId == Archive)} archived + "
            + $"{merged.Count(s => s.StartUtcMicros >= from && s.RecordingServerId == Recorder)} live segments, {body.Length} bytes");
        await AssertPlaysWithoutLongHolesAsync(file, (to - from) / 1e6);

        var (onA, onZ) = await SettledHoldingsAsync(a, z);
        Assert.That(onZ, Is.Not.Empty);
        var archiveReport = await ArchiveReportAsync(z);
        var device = archiveReport.Devices.Single(d => d.DeviceId == Device && d.DataType == "video");
        Assert.That(device.Archived.SegmentCount, Is.GreaterThanOrEqualTo(onZ.Count));
        Assert.That(device.Sources!.Select(s => s.RecordingServerId), Does.Contain(Recorder));
        Assert.That(archiveReport.ArchiveServer!.Totals.SegmentsConfirmed, Is.GreaterThan(0));
        var sourceReport = await ArchiveReportAsync(a);
        Assert.That(sourceReport.Role, Is.EqualTo("recording"));
        Assert.That(sourceReport.LastArchiveRequest, Is.Not.Null, "rec-a knows the cut-off the archive asks with");
        Assert.That(sourceReport.Devices.Single(d => d.DeviceId == Device).Live.SegmentCount, Is.EqualTo(onA.Count).Within(2), "live figures follow the catalog");
    }

    [Test]
    public async Task Killing_the_recording_server_and_the_archiving_server_mid_transfer_loses_and_duplicates_nothing()
    {
        var (processA, a) = await Cluster.StartRecorderAsync(Recorder);
        // Throttled below the camera's rate times two: a transfer is under way most of the time.
        const long throttle = 400_000;
        var (processZ, z) = await StartArchiveAsync(throttle);
        await WaitOnlineAsync();
        await Cluster.Management.AddDeviceAsync(Device, Recorder, CameraUrl);

        // Every segment rec-a ever committed: it stays there at least MoveAfter (6 s) and is listed every 0.5 s.
        var seen = new ConcurrentDictionary<long, Segment>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { foreach (var s in await a.LocalSegmentsAsync(Device)) seen[s.StartUtcMicros] = s; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* rec-a is being restarted */ }
                await Task.Delay(500);
            }
        });
        await Eventually.Get(() => z.LocalSegmentsAsync(Device), s => s.Count > 0, Patience, "the first archived segment");

        var random = new Random(2026);
        for (var round = 0; round < 6; round++)
        {
            var before = (await z.LocalSegmentsAsync(Device)).Count;
            await Eventually.Get(() => z.LocalSegmentsAsync(Device), s => s.Count > before, Patience, $"round {round}: transfers under way");
            await Task.Delay(random.Next(0, 1500));
            if (round % 2 == 0)
            {
                await processA.KillAsync();
                (processA, a) = await Cluster.StartRecorderAsync(Recorder);
            }
            else
            {
                await processZ.KillAsync();
                (processZ, z) = await StartArchiveAsync(throttle);
            }
            TestContext.Out.WriteLine($"round {round}: killed {(round % 2 == 0 ? Recorder : Archive)} with {before} segments archived");
        }
        await SettledHoldingsAsync(a, z);
        await stop.CancelAsync();
        await watcher;

        // Stopped and started again: each store's own check of its catalog against its files.
        Assert.That(await processA.StopGracefullyAsync(TimeSpan.FromSeconds(20)) && await processZ.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True);
        (processA, a) = await Cluster.StartRecorderAsync(Recorder);
        (processZ, z) = await StartArchiveAsync();
        foreach (var process in new[] { processA, processZ })
        {
            var report = ReconcileReport().Match(process.Output);
            Assert.That(report.Success, Is.True, $"{process.Name} logs its reconciliation");
            TestContext.Out.WriteLine($"{process.Name}: {report.Value}");
            foreach (var field in new[] { "MissingFiles", "SegmentsLost", "OrphanFilesDeleted", "PartialTransfersDeleted" })
                Assert.That(report.Value, Does.Contain($"{field} = 0"), $"{process.Name}: catalog and files agree ({field})");
        }

        var (onA, onZ) = await SettledHoldingsAsync(a, z);
        var holders = onA.Select(s => (s, Recorder)).Concat(onZ.Select(s => (s, Archive))).ToDictionary(x => x.s.StartUtcMicros, x => (x.s, Holder: x.Item2));
        Assert.That(holders.Keys, Is.SupersetOf(seen.Keys), "every segment rec-a committed is on rec-a or arch-z");
        TestContext.Out.WriteLine($"{seen.Count} segments seen; now {onA.Count} on {Recorder}, {onZ.Count} on {Archive}, none on both");
        foreach (var (start, (segment, holder)) in holders.OrderBy(h => h.Key))
        {
            var path = await (holder == Recorder ? a : z).DownloadSegmentAsync(Device, segment, Scratch);
            Assert.That(await Ffprobe.DecodeErrorsAsync(path), Is.Empty, $"segment {start} on {holder} decodes");
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_source_that_gave_everything_away_and_an_archive_whose_retention_removed_everything_lose_their_rows()
    {
        var (camera, port) = await CameraPeers.StartSimulatedAsync(Scratch);
        await using var _ = camera;
        var (_, a) = await Cluster.StartRecorderAsync(Recorder);
        var (_, b) = await Cluster.StartRecorderAsync("rec-b");
        await StartArchiveAsync(extra: ["--Recording:Retention:MaxAge=00:00:20", "--Recording:Retention:Interval=00:00:01"]);
        await WaitOnlineAsync(3);
        await Cluster.Management.AddDeviceAsync(Device, Recorder, $"rtsp://127.0.0.1:{port}/cam1");
        await Eventually.Get(() => a.LocalSegmentsAsync(Device), s => s.Count >= 3, Patience, "recording on rec-a");
        var (status, body) = await Cluster.Management.MoveAsync(Device, "rec-b");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);

        // rec-a keeps its old segments under a non-current row until the archive has taken them all.
        await Eventually.Get(Cluster.Management.TableAsync, t => RowsOf(t.Entries).SequenceEqual([(Archive, false), ("rec-b", true)]), Patience,
            "rec-a's row to be retired once the archive holds everything it had");
        Assert.That(await a.LocalSegmentsAsync(Device), Is.Empty);

        await Eventually.Get(() => b.LocalSegmentsAsync(Device), s => s.Count >= 2, Patience, "recording on rec-b");
        await camera.KillAsync();
        // The archive takes rec-b's last segments, then its own retention (20 s) removes everything it holds.
        var table = await Eventually.Get(Cluster.Management.TableAsync, t => RowsOf(t.Entries).SequenceEqual([("rec-b", true)]), Patience,
            "arch-z's row to be retired once its retention removed the device's last segment");
        Assert.That(table.Entries.Count(e => e.DeviceId == Device), Is.EqualTo(1), "only the current row is left");
    }

    private static IEnumerable<(string, bool)> RowsOf(IEnumerable<Messages.ConfigurationEntry> entries) =>
        entries.Where(e => e.DeviceId == Device && e.DataType == "video").OrderBy(e => e.RecordingServerId, StringComparer.Ordinal).Select(e => (e.RecordingServerId, e.IsCurrent));

    /// <summary>Starts the archiving server with its own settings (the others' stay as they are).</summary>
    private async Task<(ServiceProcess Process, ServiceClient Client)> StartArchiveAsync(long maxBytesPerSecond = 0, string[]? extra = null)
    {
        string[] settings = ["--Recording:Role=Archive", $"--Recording:ArchiveServer:MoveAfter={MoveAfter}", "--Recording:ArchiveServer:Interval=00:00:01",
            $"--Recording:ArchiveServer:MaxBytesPerSecond={maxBytesPerSecond}", .. extra ?? []];
        Cluster.RecorderSettings.AddRange(settings);
        try
        {
            return await Cluster.StartRecorderAsync(Archive);
        }
        finally
        {
            foreach (var s in settings) Cluster.RecorderSettings.Remove(s);
        }
    }

    /// <summary>Every server heard from: the management server knows arch-z's role from its heartbeat.</summary>
    private Task WaitOnlineAsync(int servers = 2) =>
        Eventually.Get(Cluster.Management.ServerStatusAsync, s => s.Count(x => x.State == "online") == servers, Patience, "every server online");

    /// <summary>
    /// Waits until the archive has caught up (rec-a holds nothing that ended over MoveAfter + 4 s ago)
    /// and no segment is on both (a transfer between its confirmation and the source's deletion).
    /// </summary>
    private static async Task<(IReadOnlyList<Segment> OnA, IReadOnlyList<Segment> OnZ)> SettledHoldingsAsync(ServiceClient a, ServiceClient z) =>
        await Eventually.Get(async () => (await a.LocalSegmentsAsync(Device), await z.LocalSegmentsAsync(Device)), held =>
        {
            var dueBefore = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 - (long)(MoveAfter + TimeSpan.FromSeconds(4)).TotalMicroseconds;
            var onZ = held.Item2.Select(s => s.StartUtcMicros).ToHashSet();
            return held.Item1.All(s => s.EndUtcMicros > dueBefore) && !held.Item1.Any(s => onZ.Contains(s.StartUtcMicros));
        }, Patience, "the archive to catch up with no segment on both servers");

    private static async Task<ArchiveReport> ArchiveReportAsync(ServiceClient client) =>
        (await client.Http.GetFromJsonAsync<ArchiveReport>("/api/archive"))!;

    /// <summary>ffmpeg decodes it; the video frames are strictly increasing, never further apart than a GOP, and cover the range.</summary>
    private static async Task AssertPlaysWithoutLongHolesAsync(string file, double rangeSeconds)
    {
        Assert.That(await Ffprobe.DecodeErrorsAsync(file), Is.Empty, "ffmpeg decodes the playback without an error");
        var times = await Ffprobe.VideoFrameTimesAsync(file);
        var steps = times.Zip(times.Skip(1), (x, y) => y - x).ToList();
        TestContext.Out.WriteLine($"{times.Count} frames over {rangeSeconds:0.0} s, largest step {steps.Max():0.000} s");
        Assert.That(steps.Min(), Is.GreaterThan(0), "strictly increasing: no frame twice");
        Assert.That(steps.Max(), Is.LessThanOrEqualTo(GopSeconds + FrameSeconds), "no hole longer than a GOP between archived and live segments");
        Assert.That(times[^1] - times[0] + FrameSeconds, Is.EqualTo(rangeSeconds).Within(GopSeconds), "as long as the range");
    }

    /// <summary>The reconciliation report of the last start in a recording server's log.</summary>
    [GeneratedRegex(@"ReconcileReport \{[^}]*\}", RegexOptions.RightToLeft)]
    private static partial Regex ReconcileReport();

    private sealed record Tier(long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros);
    private sealed record SourceDevice(string RecordingServerId, Tier Live, Tier Pending, long CheckedUtcMicros);
    private sealed record DeviceArchive(string DeviceId, string DataType, Tier Live, Tier Archived, Tier Pending, List<SourceDevice>? Sources);
    private sealed record Totals(long SegmentsTransferred, long BytesTransferred, long SegmentsConfirmed, double TransferSeconds, double BytesPerSecond);
    private sealed record ArchiveServerStatus(Totals Totals);
    private sealed record ArchiveRequest(long CutoffUtcMicros, long AskedUtcMicros);
    private sealed record ArchiveReport(string RecordingServerId, string Role, List<DeviceArchive> Devices, ArchiveRequest? LastArchiveRequest, ArchiveServerStatus? ArchiveServer);
}
