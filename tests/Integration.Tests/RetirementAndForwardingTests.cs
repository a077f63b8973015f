using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Seed 000 [0081] and [0086] over RabbitMQ + PostgreSQL: once the old server's retention removed
/// the last segment of a moved device, its row leaves the master table and every association
/// table; and recordings can be asked of the management server, which forwards to the current server.
/// </summary>
[Category("Integration")]
public sealed class RetirementAndForwardingTests : CameraClusterFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    [SetUp]
    public async Task RegisterTheCameraOnRecA()
    {
        Cluster.RecorderSettings.Add("--Recording:AssociationResyncInterval=00:00:05");
        await Cluster.Management.AddServerAsync("rec-a", Cluster.RecorderUrl("rec-a"));
        await Cluster.Management.AddDeviceAsync("cam-1", "rec-a", CameraUrl);
    }

    [Test]
    public async Task When_the_old_server_holds_nothing_more_its_row_is_retired_everywhere()
    {
        // rec-a keeps recordings only 8 s: after the move its last segment soon ages out.
        Cluster.RecorderSettings.AddRange(["--Recording:Retention:MaxAge=00:00:08", "--Recording:Retention:Interval=00:00:01", "--Recording:FileRollInterval=00:00:02"]);
        var (_, a) = await Cluster.StartRecorderAsync("rec-a");
        Cluster.RecorderSettings.RemoveRange(Cluster.RecorderSettings.Count - 3, 3);
        var (_, b) = await Cluster.StartRecorderAsync("rec-b");
        await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-a");
        var (status, body) = await Cluster.Management.MoveAsync("cam-1", "rec-b");
        Assert.That((int)status, Is.EqualTo(200), body);
        await Eventually.Get(() => b.AssociationAsync("cam-1"), r => r.Count == 1 && r[0].Holder("rec-a") is not null, Patience,
            "rec-b to learn that rec-a holds the old segments");

        var table = await Eventually.Get(Cluster.Management.TableAsync, t => t.Entries.Count == 1, Patience, "rec-a's row to be retired");

        Assert.That(table.Entries, Is.EqualTo(new[] { new ConfigurationEntry("cam-1", DataTypes.Video, "rec-b", true) }));
        await Eventually.Get(() => b.AssociationAsync("cam-1"), r => r.Single().Holder("rec-a") is null, Patience, "rec-b's association table to forget rec-a");
        await Eventually.Get(a.CopyAsync, c => c.Devices.Count == 0, Patience, "rec-a's copy to drop the device");
        Assert.That(await a.LocalSegmentsAsync("cam-1"), Is.Empty);
    }

    [Test]
    public async Task The_management_server_forwards_recording_requests_to_the_current_server()
    {
        var (_, a) = await Cluster.StartRecorderAsync("rec-a");
        var segments = await Eventually.Get(() => a.SegmentsAsync("cam-1"), s => s.Count >= 2, Patience, "recording on rec-a");

        var viaManagement = await Cluster.Management.SegmentsAsync("cam-1");
        Assert.That(viaManagement.Take(segments.Count).Select(s => s.StartUtcMicros), Is.EqualTo(segments.Select(s => s.StartUtcMicros)));
        var direct = await a.Http.GetByteArrayAsync($"/api/devices/cam-1/segments/{segments[0].StartUtcMicros}");
        var forwarded = await Cluster.Management.Http.GetByteArrayAsync($"/api/devices/cam-1/segments/{segments[0].StartUtcMicros}");
        Assert.That(forwarded, Is.EqualTo(direct));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/api/devices/cam-1/segments/{segments[0].StartUtcMicros}");
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 999);
        using var partial = await Cluster.Management.Http.SendAsync(ranged);
        Assert.That((int)partial.StatusCode, Is.EqualTo(206));
        Assert.That(await partial.Content.ReadAsByteArrayAsync(), Is.EqualTo(direct[100..1000]));
        using var unknown = await Cluster.Management.Http.GetAsync("/api/devices/cam-404/segments");
        Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
    }
}
