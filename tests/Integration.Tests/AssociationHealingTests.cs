using System.Net;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Lost events heal (seed 000 [0078], docs/design/bus.md "Ordering and loss"): SegmentsStored is a
/// hint, and the background resynchronization every <c>Recording:AssociationResyncInterval</c> repairs
/// an association table that missed some. The loss is real: in the cluster's own RabbitMQ virtual host
/// (the shared broker and other tests' virtual hosts keep running) the old holder's queue is deleted and
/// may not be declared again for a while, so the SegmentsStored the current recording server publishes
/// meanwhile route nowhere. (Stopping the broker or closing connections would not lose them: MassTransit
/// holds a publish until it can reconnect, and a durable queue keeps what reached it.)
/// </summary>
[Category("Integration")]
public sealed class AssociationHealingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(5);
    private ServiceCluster _cluster = null!;
    private ServiceProcess? _camera;
    private int _cameraPort;
    private string _scratch = null!;
    private bool _cut;

    [SetUp]
    public async Task SetUp()
    {
        _cluster = await ServiceCluster.CreateAsync();
        _scratch = RepoPaths.NewScratchDirectory("healing");
        (_camera, _cameraPort) = await CameraPeers.StartSimulatedAsync(_scratch);
        _cluster.RecorderSettings.AddRange(["--Recording:SegmentTargetDuration=00:00:02", $"--Recording:AssociationResyncInterval={ResyncInterval:c}"]);
        await _cluster.StartManagementAsync();
        await _cluster.Management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await _cluster.Management.AddServerAsync("rec-b", _cluster.RecorderUrl("rec-b"));
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_cut) await _cluster.VirtualHost.RestoreAsync();
        if (_camera is not null) await _camera.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_scratch, true);
    }

    [Test]
    public async Task SegmentsStored_lost_while_the_old_holders_queue_is_gone_are_healed_and_the_segments_reach_the_old_holders_table_through_the_background_resynchronization()
    {
        var (processA, recA) = await _cluster.StartRecorderAsync("rec-a");
        var (_, recB) = await _cluster.StartRecorderAsync("rec-b");
        await _cluster.Management.AddDeviceAsync("cam", "rec-a", $"rtsp://127.0.0.1:{_cameraPort}/cam1");
        await Eventually.Get(() => recA.LocalSegmentsAsync("cam"), s => s.Count >= 2, Patience, "cam recorded on rec-a");
        var (status, body) = await _cluster.Management.MoveAsync("cam", "rec-b");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        await Eventually.Get(() => recB.LocalSegmentsAsync("cam"), s => s.Count >= 2, Patience, "cam recorded on rec-b after the move");
        // Before the cut, rec-a's table follows rec-b (events, and the resynchronization the new row triggered).
        await Eventually.Get(() => recA.AssociationAsync("cam"), t => t.Single().Holder("rec-b")?.SegmentCount >= 2, Patience, "rec-a's table to list rec-b's segments");

        // rec-a's queue is gone while rec-b commits segments: their SegmentsStored are lost for rec-a.
        var cutAtUtcMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        await _cluster.VirtualHost.DropQueueAsync("vms-recording-rec-a");
        _cut = true;
        var duringOutage = await Eventually.Get(async () => (await recB.LocalSegmentsAsync("cam")).Where(s => s.StartUtcMicros >= cutAtUtcMicros).ToList(),
            s => s.Count >= 3, Patience, "rec-b to commit segments while rec-a's queue is gone");
        // MassTransit retries the connection with a backoff: the refusal shows up in its own time.
        await Eventually.Get(() => Task.FromResult(processA.Output), o => o.Contains("refused"), Patience,
            "rec-a to try to declare its queue again and the broker to refuse: the events had nowhere to go");
        await _cluster.VirtualHost.RestoreAsync();
        _cut = false;
        TestContext.Out.WriteLine($"{duringOutage.Count} segments committed by rec-b while rec-a's queue was gone");

        // Within the resynchronization period (bounded wait, not a timing assertion) rec-a lists every one of them.
        var healing = System.Diagnostics.Stopwatch.StartNew();
        var table = await Eventually.Get(() => recA.AssociationAsync("cam", detail: true),
            t => duringOutage.All(lost => t.Single().Segments!.Any(s => s.RecordingServerId == "rec-b" && s.StartUtcMicros == lost.StartUtcMicros && s.EndUtcMicros == lost.EndUtcMicros)),
            Patience, "rec-a's table to list rec-b's segments committed during the outage");
        TestContext.Out.WriteLine($"healed {healing.Elapsed.TotalSeconds:0.0} s after rec-a could declare its queue again (resync interval {ResyncInterval.TotalSeconds:0} s)");
        var holderB = table.Single().Holder("rec-b")!;
        Assert.That(holderB.IsCurrent, Is.True);
        Assert.That(holderB.LastEndUtcMicros, Is.GreaterThanOrEqualTo(duringOutage[^1].EndUtcMicros));
    }
}
