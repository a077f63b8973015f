using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// A recording server as its own process over RabbitMQ + PostgreSQL: killed with SIGKILL while it
/// records, and pruning its volume by age and by a free-space floor.
/// </summary>
[Category("Integration")]
public sealed class RecorderCrashAndRetentionTests : CameraClusterFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    [SetUp]
    public void RequireFfprobe() => Ffprobe.RequireInstalled();

    [Test]
    public async Task Killing_the_recorder_repeatedly_loses_no_committed_segment_and_every_segment_decodes()
    {
        await Cluster.Management.AddServerAsync("rec-a", Cluster.RecorderUrl("rec-a"));
        await Cluster.Management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        var committed = new Dictionary<long, Segment>();
        var random = new Random(2026);

        for (var round = 0; round < 4; round++)
        {
            var (recorder, client) = await Cluster.StartRecorderAsync("rec-a");
            var before = await client.SegmentsAsync("cam-1");
            Assert.That(before.Select(s => s.StartUtcMicros), Is.SupersetOf(committed.Keys), $"round {round}: every segment committed before the last kill is still listed");
            await Eventually.Get(() => client.SegmentsAsync("cam-1"), s => s.Count > before.Count, Patience, "new segments");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 3000)));
            foreach (var s in await client.SegmentsAsync("cam-1")) committed[s.StartUtcMicros] = s;
            await recorder.KillAsync();
        }

        var (_, final) = await Cluster.StartRecorderAsync("rec-a");
        var survivors = await final.SegmentsAsync("cam-1");
        Assert.That(survivors.Select(s => s.StartUtcMicros), Is.SupersetOf(committed.Keys));
        foreach (var segment in survivors)
        {
            var file = await final.DownloadSegmentAsync("cam-1", segment, Scratch);
            Assert.That(await Ffprobe.DecodeErrorsAsync(file), Is.Empty, $"segment {segment.StartUtcMicros} decodes");
            Assert.That(await Ffprobe.FirstVideoFrameIsKeyAsync(file), Is.True, $"segment {segment.StartUtcMicros} starts on a key frame");
        }
        Assert.That(survivors.Count(s => s.AfterGap), Is.GreaterThanOrEqualTo(4), "each restart is recorded as a gap");
    }

    [TestCase("--Recording:Retention:MaxAge=00:00:06", TestName = "Retention_by_age_deletes_old_files_and_publishes_SegmentsDeleted")]
    [TestCase("--Recording:Retention:MinFreeBytes=1000000000000000", TestName = "A_free_space_floor_deletes_the_oldest_files_first_and_publishes_SegmentsDeleted")]
    public async Task Retention_deletes_whole_old_files_keeps_the_catalog_consistent_and_publishes_SegmentsDeleted(string rule)
    {
        await using var probe = await BusProbe.StartAsync(Cluster.RabbitMqUrl);
        Cluster.RecorderSettings.AddRange([rule, "--Recording:Retention:Interval=00:00:01", "--Recording:FileRollInterval=00:00:03"]);
        await Cluster.Management.AddServerAsync("rec-a", Cluster.RecorderUrl("rec-a"));
        await Cluster.Management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
        var (_, client) = await Cluster.StartRecorderAsync("rec-a");

        await Eventually.Get(() => Task.FromResult(probe.Deleted.Count), n => n >= 2, Patience, "two SegmentsDeleted events");

        var deleted = probe.Deleted.SelectMany(d => d.Segments).Select(s => s.StartUtcMicros).ToHashSet();
        var stored = probe.Stored.SelectMany(s => s.Segments).Select(s => s.StartUtcMicros).ToList();
        var listed = await client.SegmentsAsync("cam-1");
        Assert.That(probe.Deleted.All(d => d.RecordingServerId == "rec-a" && d.DeviceId == "cam-1"), Is.True);
        Assert.That(listed.Select(s => s.StartUtcMicros), Has.None.AnyOf(deleted.Cast<object>().ToArray()), "the catalog no longer lists what was deleted");
        Assert.That(deleted.Min(), Is.EqualTo(stored.Min()), "the oldest segment goes first");
        Assert.That(listed, Is.Not.Empty, "the file being written is never deleted");
        var newest = await client.DownloadSegmentAsync("cam-1", listed[^1], Scratch);
        Assert.That(await Ffprobe.DecodeErrorsAsync(newest), Is.Empty, "what remains still plays");
        Assert.That(probe.Stored.Any(s => s.Segments.Count > 0 && s.RecordingServerId == "rec-a"), Is.True, "SegmentsStored is published");
    }
}
