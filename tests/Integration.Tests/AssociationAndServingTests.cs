using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Association tables and transparent serving (seed 000 FIG. 4/5, 7A/7B) with the management
/// server and two recording servers as processes over RabbitMQ + PostgreSQL, recording the
/// simulated camera.
/// </summary>
[Category("Integration")]
public sealed class AssociationAndServingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServiceCluster _cluster = null!;
    private ServiceProcess? _camera;
    private int _cameraPort;
    private string _scratch = null!;

    [SetUp]
    public async Task SetUp()
    {
        _cluster = await ServiceCluster.CreateAsync();
        _scratch = RepoPaths.NewScratchDirectory("association");
        (_camera, _cameraPort) = await CameraPeers.StartSimulatedAsync(_scratch, 2);
        _cluster.RecorderSettings.AddRange(["--Recording:SegmentTargetDuration=00:00:02", "--Recording:AssociationResyncInterval=00:00:03"]);
        await _cluster.StartManagementAsync();
        await _cluster.Management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await _cluster.Management.AddServerAsync("rec-b", _cluster.RecorderUrl("rec-b"));
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_camera is not null) await _camera.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_scratch, true);
    }

    private string CamUrl(int n) => $"rtsp://127.0.0.1:{_cameraPort}/cam{n}";

    [Test]
    public async Task Without_a_move_each_server_associates_only_the_devices_of_its_copy_and_refuses_a_foreign_segment()
    {
        var (_, recA) = await _cluster.StartRecorderAsync("rec-a");
        var (_, recB) = await _cluster.StartRecorderAsync("rec-b");
        await _cluster.Management.AddDeviceAsync("cam-a", "rec-a", CamUrl(1));
        await _cluster.Management.AddDeviceAsync("cam-b", "rec-b", CamUrl(2));
        var segmentsA = await Eventually.Get(() => recA.SegmentsAsync("cam-a"), s => s.Count >= 2, Patience, "cam-a recorded on rec-a");

        var tableA = await Eventually.Get(() => recA.AssociationAsync(), t => t.Count == 1 && t[0].Holders[0].SegmentCount >= 2, Patience, "rec-a's table");
        var tableB = await Eventually.Get(() => recB.AssociationAsync(), t => t.Count == 1, Patience, "rec-b's table");
        Assert.That(tableA.Single().DeviceId, Is.EqualTo("cam-a"), "rec-a's table holds only the device of its copy");
        Assert.That(tableA.Single().Holders.Single(), Has.Property("RecordingServerId").EqualTo("rec-a").And.Property("IsLocal").True.And.Property("IsCurrent").True);
        Assert.That(tableB.Single().DeviceId, Is.EqualTo("cam-b"));
        Assert.That((await recA.ResyncAssociationAsync()).RowsAsked, Is.Zero, "no device of rec-a has another holder: nobody is asked ([0011])");
        Assert.That(segmentsA.All(s => s.RecordingServerId == "rec-a"), Is.True);

        // rec-b's partial copy does not contain cam-a at all, so it cannot name cam-a's current server: 404 saying so.
        using var foreign = await recB.Http.GetAsync($"/api/devices/cam-a/segments/{segmentsA[0].StartUtcMicros}");
        Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await foreign.Content.ReadAsStringAsync(), Does.Contain("configuration copy"));
        using var badScope = await recA.Http.GetAsync("/api/devices/cam-a/segments?scope=everywhere");
        Assert.That(badScope.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task After_a_move_the_current_server_lists_and_streams_the_old_holders_segments_and_names_it_when_it_is_down()
    {
        var (processA, recA) = await _cluster.StartRecorderAsync("rec-a");
        var (processB, recB) = await _cluster.StartRecorderAsync("rec-b");
        await _cluster.Management.AddDeviceAsync("cam-1", "rec-a", CamUrl(1));
        await Eventually.Get(() => recA.SegmentsAsync("cam-1"), s => s.Count >= 3, Patience, "cam-1 recorded on rec-a");

        using (var move = await _cluster.Management.MoveDeviceAsync("cam-1", "rec-b"))
        {
            var body = await move.Content.ReadAsStringAsync();
            if (move.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                Assert.Inconclusive($"The move API (POST /api/devices/{{id}}/move) is not there yet: {(int)move.StatusCode} {body}");
            if (move.StatusCode != HttpStatusCode.OK)
                Assert.Inconclusive($"The move did not take effect, so the multi-holder situation cannot be built: {(int)move.StatusCode} {body}");
        }

        // FIG. 4: rec-b is now current; its list merges rec-a's older segments with its own.
        var merged = await Eventually.Get(() => recB.SegmentsAsync("cam-1"),
            s => s.Any(x => x.RecordingServerId == "rec-a") && s.Count(x => x.RecordingServerId == "rec-b") >= 2, Patience, "rec-b's merged list");
        Assert.That(merged.Select(s => s.StartUtcMicros), Is.Ordered.And.Unique);
        var onA = await recA.LocalSegmentsAsync("cam-1");
        Assert.That(merged.Where(s => s.RecordingServerId == "rec-a").Select(s => s.StartUtcMicros), Is.EquivalentTo(onA.Select(s => s.StartUtcMicros)),
            "rec-b knows exactly what rec-a holds");
        Assert.That((await recB.LocalSegmentsAsync("cam-1")).All(s => s.RecordingServerId == "rec-b"), Is.True, "scope=local lists only rec-b's own");

        // 508: a segment of rec-a fetched from rec-b is byte-identical to the one rec-a serves, also as a range.
        var old = onA[onA.Count / 2];
        var path = $"/api/devices/cam-1/segments/{old.StartUtcMicros}";
        var direct = await recA.Http.GetByteArrayAsync(path);
        var proxied = await recB.Http.GetByteArrayAsync(path);
        Assert.That(proxied, Is.EqualTo(direct), "proxied bytes");
        var (directRange, directStatus, directContentRange) = await GetRangeAsync(recA, path, 100, 999);
        var (proxiedRange, proxiedStatus, proxiedContentRange) = await GetRangeAsync(recB, path, 100, 999);
        Assert.That((proxiedStatus, directStatus), Is.EqualTo((HttpStatusCode.PartialContent, HttpStatusCode.PartialContent)));
        Assert.That(proxiedContentRange, Is.EqualTo(directContentRange).And.EqualTo($"bytes 100-999/{direct.Length}"));
        Assert.That(proxiedRange, Is.EqualTo(direct[100..1000]));

        // [0092]: rec-a is no longer current; asked for a segment only rec-b holds, it names rec-b.
        var newer = merged.Last(s => s.RecordingServerId == "rec-b");
        using (var misdirected = await recA.Http.GetAsync($"/api/devices/cam-1/segments/{newer.StartUtcMicros}"))
        {
            Assert.That((int)misdirected.StatusCode, Is.EqualTo(421));
            var problem = JsonDocument.Parse(await misdirected.Content.ReadAsStringAsync()).RootElement;
            Assert.That(problem.GetProperty("currentRecordingServerId").GetString(), Is.EqualTo("rec-b"));
            Assert.That(problem.GetProperty("currentRecordingServerAddress").GetString(), Is.EqualTo(_cluster.RecorderUrl("rec-b")));
        }
        // [0074]: rec-a's table learns rec-b's segments too (events, start-up/change resync).
        await Eventually.Get(() => recA.AssociationAsync("cam-1"), t => t.Single().Holder("rec-b")?.SegmentCount >= 2, Patience, "rec-a's table to list rec-b's segments");

        // A restarted rec-b rebuilds its table from its stored copy plus rec-a's list (start-up exchange, [0011]).
        Assert.That(await processB.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True);
        (processB, recB) = await _cluster.StartRecorderAsync("rec-b");
        var rebuilt = await Eventually.Get(() => recB.AssociationAsync("cam-1"), t => t.Count == 1 && t[0].Holder("rec-a")?.SegmentCount == onA.Count, Patience, "rec-b's rebuilt table");
        Assert.That(rebuilt[0].CurrentRecordingServerId, Is.EqualTo("rec-b"));
        var report = await recB.ResyncAssociationAsync("cam-1");
        Assert.That(report, Has.Property("RowsAsked").EqualTo(1).And.Property("RowsSynchronized").EqualTo(1));

        // The holder goes down: rec-b says which server it could not reach, and keeps its entries for later.
        await processA.KillAsync();
        using (var down = await recB.Http.GetAsync(path))
        {
            Assert.That(down.StatusCode, Is.AnyOf(HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable));
            var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
            Assert.That(problem.GetProperty("holderRecordingServerId").GetString(), Is.EqualTo("rec-a"));
        }
        Assert.That((await recB.ResyncAssociationAsync("cam-1")).FailedPeers, Is.EqualTo(new[] { "rec-a" }));
        Assert.That((await recB.AssociationAsync("cam-1")).Single().Holder("rec-a")!.SegmentCount, Is.EqualTo(onA.Count), "a peer that is down is retried later, not forgotten");
        Assert.That(await recB.IsReadyAsync(), Is.True);
    }

    private static async Task<(byte[] Body, HttpStatusCode Status, string? ContentRange)> GetRangeAsync(ServiceClient client, string path, long from, long to)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Range = new RangeHeaderValue(from, to);
        using var response = await client.Http.SendAsync(request);
        return (await response.Content.ReadAsByteArrayAsync(), response.StatusCode, response.Content.Headers.ContentRange?.ToString());
    }
}
