using System.Net;
using System.Net.Http.Json;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Issue #9's progress, as the management server shows it over real RabbitMQ + PostgreSQL: rec-a
/// records the simulated camera, arch-z (Recording:Role=Archive) takes what is older than 6 s, and
/// GET /api/archive on the management server merges both servers' own reports per device. A server
/// that stops answering is listed with the reason, and the others still count.
/// </summary>
[Category("Integration")]
public sealed class ArchiveProgressTests : CameraClusterFixture
{
    private const string Recorder = "rec-a", Archive = "arch-z", Device = "cam-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Test]
    public async Task The_management_server_shows_live_and_archived_per_device_and_names_a_server_that_stopped()
    {
        // Files close every 6 s so that whole files leave; no free-space floor on a test disk.
        Cluster.RecorderSettings.AddRange(["--Recording:FileRollInterval=00:00:06", "--Recording:Retention:MinFreeBytes=0"]);
        await Cluster.StartRecorderAsync(Recorder);
        Cluster.RecorderSettings.AddRange(["--Recording:Role=Archive", "--Recording:ArchiveServer:MoveAfter=00:00:06", "--Recording:ArchiveServer:Interval=00:00:01"]);
        var (archive, _) = await Cluster.StartRecorderAsync(Archive);
        await Eventually.Get(Cluster.Management.ServerStatusAsync, s => s.Count(x => x.State == "online") == 2, Patience, "both servers online");
        await Cluster.Management.AddDeviceAsync(Device, Recorder, CameraUrl);

        var overview = await Eventually.Get(() => OverviewAsync(), o => o.Devices.Any(d => d.DeviceId == Device && d.Archived.SegmentCount > 0 && d.Live.SegmentCount > 0),
            Patience, "the management server to show cam-1 both live and archived");
        var cam1 = overview.Devices.Single(d => d.DeviceId == Device && d.DataType == "video");
        var (onA, onZ) = (cam1.Servers.Single(s => s.RecordingServerId == Recorder), cam1.Servers.Single(s => s.RecordingServerId == Archive));
        TestContext.Out.WriteLine($"cam-1: live {cam1.Live}, archived {cam1.Archived}, pending {cam1.Pending}");
        Assert.Multiple(() =>
        {
            Assert.That((onA.Role, onZ.Role), Is.EqualTo(("recording", "archive")));
            Assert.That(cam1.Live, Is.EqualTo(onA.Live), "live: the recording server's own figure, not the archive's view of it again");
            Assert.That(cam1.Archived.SegmentCount, Is.EqualTo(onA.Archived.SegmentCount + onZ.Archived.SegmentCount));
            Assert.That(cam1.Live.SizeBytes, Is.GreaterThan(0));
            Assert.That(onZ.Sources!.Select(s => s.RecordingServerId), Does.Contain(Recorder), "the archive's per-source figures");
            Assert.That(overview.Servers.Select(s => s.RecordingServerId), Is.EquivalentTo(new[] { Recorder, Archive }));
            Assert.That(overview.Unreachable, Is.Empty);
        });
        Assert.That((await OverviewAsync("cam-9")).Devices, Is.Empty, "deviceId= narrows to that device");
        using (var bad = await Cluster.Management.Http.GetAsync("/api/archive?deviceId=..%2Fcam-1"))
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a device id is checked before anything is asked");

        Assert.That(await archive.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True);
        var withoutArchive = await OverviewAsync(Device);
        Assert.That(withoutArchive.Unreachable.Select(u => u.RecordingServerId), Is.EqualTo(new[] { Archive }));
        TestContext.Out.WriteLine($"{Archive} stopped: {withoutArchive.Unreachable[0].Reason}");
        Assert.That(withoutArchive.Unreachable[0].Reason, Is.Not.Empty);
        Assert.That(withoutArchive.Devices.Single().Live.SegmentCount, Is.GreaterThan(0), "rec-a still counts");
    }

    /// <summary>GET /api/archive on the management server, as the administrator; never anything but 200.</summary>
    private async Task<Overview> OverviewAsync(string? deviceId = null)
    {
        using var response = await Cluster.Management.Http.GetAsync(deviceId is null ? "/api/archive" : $"/api/archive?deviceId={deviceId}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Overview>())!;
    }

    private sealed record Tier(long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros);
    private sealed record Source(string RecordingServerId, Tier Live, Tier Pending);
    private sealed record ServerFigures(string RecordingServerId, string Role, Tier Live, Tier Archived, Tier Pending, List<Source>? Sources);
    private sealed record DeviceOverview(string DeviceId, string DataType, Tier Live, Tier Archived, Tier Pending, List<ServerFigures> Servers);
    private sealed record Answered(string RecordingServerId, string Role);
    private sealed record Unreachable(string RecordingServerId, string Address, string Reason);
    private sealed record Overview(List<DeviceOverview> Devices, List<Answered> Servers, List<Unreachable> Unreachable);
}
