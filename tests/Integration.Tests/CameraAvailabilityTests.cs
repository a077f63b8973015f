using System.Net.Http.Json;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Seed 001 table 3 over real processes: a camera that stops answering is reported offline by its
/// recording server (DeviceOffline) and online again when it comes back; the camera history keeps
/// every step, so nothing of its past is lost.
/// </summary>
[Category("Integration")]
public sealed class CameraAvailabilityTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private sealed record HistoryEvent(string Kind, string? RecordingServerId, string? Detail);
    private sealed record History(string State, string? CurrentOwner, List<HistoryEvent> Events);

    [Test]
    public async Task A_camera_that_stops_answering_goes_offline_and_comes_back_online_with_its_history_kept()
    {
        await using var cluster = await ServiceCluster.CreateAsync();
        var scratch = RepoPaths.NewScratchDirectory("availability");
        var port = Ports.Free();
        var (camera, _) = await CameraPeers.StartSimulatedAsync(scratch, port, 1, "--small");
        try
        {
            cluster.RecorderSettings.Add("--Recording:DeviceOfflineAfter=00:00:03");
            await cluster.StartManagementAsync();
            await cluster.StartRecorderAsync("rec-a");
            await cluster.Management.AddDeviceAsync("cam-1", "rec-a", $"rtsp://127.0.0.1:{port}/cam1");
            Task<History> Read() => cluster.Management.Http.GetFromJsonAsync<History>("/api/devices/cam-1/history")!;

            await Eventually.Get(Read, h => h.State == "online", Patience, "cam-1 online");
            await camera.KillAsync();
            var offline = await Eventually.Get(Read, h => h.State == "offline", Patience, "cam-1 offline");
            Assert.That(offline.Events.Last().Kind, Is.EqualTo("offline"));
            Assert.That(offline.Events.Last().RecordingServerId, Is.EqualTo("rec-a"));
            Assert.That(offline.Events.Last().Detail, Is.Not.Empty, "the reason the recorder saw");

            await camera.DisposeAsync();
            (camera, _) = await CameraPeers.StartSimulatedAsync(scratch, port, 1, "--small");
            var back = await Eventually.Get(Read, h => h.State == "online" && h.Events.Count(e => e.Kind == "online") == 2, Patience, "cam-1 online again");
            Assert.That(back.Events.Select(e => e.Kind), Is.EqualTo(new[] { "added", "online", "offline", "online" }));
            Assert.That(back.CurrentOwner, Is.EqualTo("rec-a"));
        }
        finally
        {
            await camera.DisposeAsync();
            Directory.Delete(scratch, true);
        }
    }
}
