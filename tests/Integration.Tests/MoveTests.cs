using System.Net;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Seed 000 FIG. 8/9 over RabbitMQ + PostgreSQL with recording servers as processes: a device moves
/// between recording servers without copying recordings, make-before-break.
/// </summary>
[Category("Integration")]
public sealed class MoveTests : CameraClusterFixture
{
    private const double GopSeconds = 1.0;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private static ConfigurationEntry Row(string server, bool current) => new("cam-1", DataTypes.Video, server, current);

    [Test]
    public async Task Moving_a_device_a_to_b_to_c_keeps_old_rows_as_fig_6b_and_loses_no_moment_of_video()
    {
        var management = Cluster.Management;
        var a = (await Cluster.StartRecorderAsync("rec-a")).Client;
        var b = (await Cluster.StartRecorderAsync("rec-b")).Client;
        var c = (await Cluster.StartRecorderAsync("rec-c")).Client;
        await Eventually.Get(management.ServersAsync, s => s.Count == 3, Patience, "three recorders to join");
        await management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        var started = await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-a");

        var (status, body) = await management.MoveAsync("cam-1", "rec-b");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That((await management.TableAsync()).Entries, Is.EqualTo(new[] { Row("rec-a", false), Row("rec-b", true) }), "FIG. 6B after the first move");
        await Eventually.Get(() => b.LocalSegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-b");

        (status, body) = await management.MoveAsync("cam-1", "rec-b");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "repeating a completed move is a no-op: " + body);

        (status, body) = await management.MoveAsync("cam-1", "rec-c");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That((await management.TableAsync()).Entries, Is.EqualTo(new[] { Row("rec-a", false), Row("rec-b", false), Row("rec-c", true) }));
        await Eventually.Get(() => c.LocalSegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-c");

        // Each old server stopped recording; nothing was copied; together they hold the whole timeline.
        var onA = await a.LocalSegmentsAsync("cam-1");
        var onB = await b.LocalSegmentsAsync("cam-1");
        var onC = await c.LocalSegmentsAsync("cam-1");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That((await a.LocalSegmentsAsync("cam-1")).Count, Is.EqualTo(onA.Count), "rec-a stopped recording");
        Assert.That((await b.LocalSegmentsAsync("cam-1")).Count, Is.EqualTo(onB.Count), "rec-b stopped recording");
        var all = onA.Concat(onB).Concat(onC).ToList();
        Assert.That(MoveClient.LargestHoleSeconds(all, started[0].StartUtcMicros, onC[^1].EndUtcMicros), Is.LessThanOrEqualTo(GopSeconds),
            "make-before-break: no hole longer than one GOP across both moves");
        var copyA = await a.CopyAsync();
        Assert.That(copyA.Devices.Single().Entries, Is.EqualTo(new[] { Row("rec-a", false), Row("rec-b", false), Row("rec-c", true) }), "rec-a's copy knows where cam-1 went");
    }

    [Test]
    public async Task A_move_to_a_server_that_cannot_record_the_camera_is_rolled_back_and_recording_continues()
    {
        var management = Cluster.Management;
        var a = (await Cluster.StartRecorderAsync("rec-a")).Client;
        await Eventually.Get(management.ServersAsync, s => s.Count == 1, Patience, "rec-a to join");
        await management.AddServerAsync("rec-gone", "http://127.0.0.1:9"); // registered, never started
        await management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count >= 1, Patience, "recording on rec-a");

        var (status, body) = await management.MoveAsync("cam-1", "rec-gone");

        Assert.That((int)status, Is.AnyOf(202, 502, 504), body);
        var move = await Eventually.Get(() => management.MovesAsync("cam-1"), m => m.Count > 0 && m[0].State is "Failed" or "Completed", TimeSpan.FromSeconds(60), "the move to end");
        Assert.That(move[0].State, Is.EqualTo("Failed"));
        Assert.That((await management.TableAsync()).Entries, Is.EqualTo(new[] { Row("rec-a", true) }), "the table is untouched");
        var before = (await a.SegmentsAsync("cam-1")).Count;
        await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count > before, Patience, "rec-a to keep recording");
    }

    [Test]
    public async Task Killing_the_management_server_mid_move_completes_or_rolls_back_without_a_gap()
    {
        var a = (await Cluster.StartRecorderAsync("rec-a")).Client;
        var b = (await Cluster.StartRecorderAsync("rec-b")).Client;
        var management = Cluster.Management;
        await Eventually.Get(management.ServersAsync, s => s.Count == 2, Patience, "two recorders to join");
        await management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        var first = await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-a");

        var moving = management.MoveAsync("cam-1", "rec-b");
        await Task.Delay(TimeSpan.FromMilliseconds(700)); // rec-b is preparing: its first segment is ~2 s away
        await Cluster.ManagementProcess!.KillAsync();
        try { await moving; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
        await Cluster.StartManagementAsync();

        var moves = await Eventually.Get(() => management.MovesAsync("cam-1"), m => m.Count > 0 && m[0].State is "Completed" or "Failed",
            TimeSpan.FromSeconds(60), "the move to complete or roll back after the restart");
        var table = (await management.TableAsync()).Entries;
        var current = table.Single(e => e.IsCurrent).RecordingServerId;
        Assert.That(current, Is.EqualTo(moves[0].State == "Completed" ? "rec-b" : "rec-a"), $"state {moves[0].State}, reason {moves[0].Reason}");
        var recorder = current == "rec-a" ? a : b;
        var latest = (await recorder.LocalSegmentsAsync("cam-1"))[^1].EndUtcMicros;
        await Eventually.Get(() => recorder.LocalSegmentsAsync("cam-1"), s => s[^1].EndUtcMicros > latest + 2_000_000, Patience, "the current server to record on");
        var all = (await a.LocalSegmentsAsync("cam-1")).Concat(await b.LocalSegmentsAsync("cam-1")).ToList();
        Assert.That(MoveClient.LargestHoleSeconds(all, first[0].StartUtcMicros, all.Max(s => s.EndUtcMicros)), Is.LessThanOrEqualTo(GopSeconds));
    }
}
