using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Recorder;
using VmsServices.SimCamera;
using VmsServices.SimCamera.Source;

namespace VmsServices.Recording.Tests.Recorder;

public sealed class RecordingSupervisorTests
{
    [Test]
    public async Task Reconciling_starts_new_devices_stops_removed_ones_and_restarts_a_changed_url()
    {
        await using var cameras = await SimulatedCameraServer.StartAsync(new() { Port = 0, Cameras = 3, EmbeddedMedia = H264Loop.Small360Resource });
        var store = new InMemorySegmentStore();
        var credentials = new ConfigurationCredentialsProvider(new ConfigurationBuilder().Build());
        var supervisor = new RecordingSupervisor(() => ConfigurationCopyRules.Empty("rec-a"), _ => { }, _ => { },
            d => new DeviceRecorder(d, store, credentials, new RecorderOptions(), TimeProvider.System, NullLogger.Instance),
            NullLogger.Instance);
        DeviceRecord Device(string id, int camera) => new(id, id, cameras.GetUrl(camera), null, null);

        await supervisor.ReconcileAsync([Device("cam-1", 1), Device("cam-2", 2)], default);
        await Until(() => cameras.ClientCount(1) == 1 && cameras.ClientCount(2) == 1, "both cameras played");
        Assert.That(supervisor.Statuses.Select(s => s.DeviceId), Is.EqualTo(new[] { "cam-1", "cam-2" }));

        await supervisor.ReconcileAsync([Device("cam-1", 3)], default);
        await Until(() => cameras.ClientCount(1) == 0 && cameras.ClientCount(2) == 0 && cameras.ClientCount(3) == 1, "cam-2 stopped, cam-1 moved to /cam3");
        Assert.That(supervisor.Statuses.Select(s => s.DeviceId), Is.EqualTo(new[] { "cam-1" }));

        await supervisor.ReconcileAsync([], default);
        Assert.That(supervisor.Statuses, Is.Empty);
        await Until(() => cameras.ClientCount(3) == 0, "every session torn down");
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"Timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
