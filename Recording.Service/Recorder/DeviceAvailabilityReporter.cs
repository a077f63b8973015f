using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Recorder;

/// <summary>
/// Turns the recorders' states into the camera states of seed 001 table 3 for the devices this
/// server is current for: <see cref="DeviceOnline"/> when one records (again), <see cref="DeviceOffline"/>
/// once it has not recorded for <see cref="RecordingSettings.DeviceOfflineAfter"/> (a reconnect within
/// that time is a gap, not an outage). Each transition is published once; a lost event is healed by
/// the next transition or, after a restart, by the first report of every device.
/// </summary>
public sealed class DeviceAvailabilityReporter(
    RecordingSupervisor supervisor,
    ConfigurationSynchronizer configuration,
    IBus bus,
    RecordingSettings settings,
    TimeProvider clock,
    ILogger<DeviceAvailabilityReporter> log) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private sealed class Tracked
    {
        public bool? ReportedOnline;
        public long NotRecordingSince;
    }

    private readonly Dictionary<string, Tracked> _devices = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var message in Transitions(clock.Now()))
                {
                    try
                    {
                        await bus.Publish(message, stoppingToken);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
                    {
                        log.LogWarning(e, "Could not publish {Message}", message.GetType().Name);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The availability changes since the last call, as messages to publish.</summary>
    internal IReadOnlyList<object> Transitions(long now)
    {
        var current = configuration.Current.CurrentDevices().Select(d => d.Device.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _devices.Keys.Where(id => !current.Contains(id)).ToList()) _devices.Remove(gone);
        var messages = new List<object>();
        foreach (var id in current)
        {
            var status = supervisor.StatusOf(id);
            if (!_devices.TryGetValue(id, out var tracked)) _devices[id] = tracked = new Tracked { NotRecordingSince = now };
            if (status?.State == RecorderState.Recording)
            {
                tracked.NotRecordingSince = 0;
                if (tracked.ReportedOnline != true) messages.Add(new DeviceOnline(id, settings.ServerId, now));
                tracked.ReportedOnline = true;
                continue;
            }
            if (tracked.NotRecordingSince == 0) tracked.NotRecordingSince = now;
            var offlineFor = TimeSpan.FromMicroseconds(now - tracked.NotRecordingSince);
            if (tracked.ReportedOnline != false && offlineFor >= settings.DeviceOfflineAfter)
            {
                messages.Add(new DeviceOffline(id, settings.ServerId, status?.LastError ?? "not recording", tracked.NotRecordingSince));
                tracked.ReportedOnline = false;
            }
        }
        return messages;
    }
}
