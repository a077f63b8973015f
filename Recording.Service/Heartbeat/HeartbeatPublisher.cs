using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Heartbeat;

/// <summary>
/// Publishes <see cref="RecorderHeartbeat"/> every <see cref="RecordingSettings.HeartbeatInterval"/>:
/// proof of life for the management server's failure detector, and this server's load (streams,
/// bit rate written over the last interval, disk) for assignment and rebalancing. Each heartbeat
/// expires after a few intervals so that a broker backlog never makes a dead server look alive.
/// </summary>
public sealed class HeartbeatPublisher(
    RecordingSupervisor supervisor,
    IBus bus,
    RecordingSettings settings,
    TimeProvider clock,
    ILogger<HeartbeatPublisher> log) : BackgroundService
{
    private long _lastBytes = -1;
    private long _lastTimestamp;
    private bool _warned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.HeartbeatInterval, clock);
        try
        {
            do
            {
                await PublishAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        try
        {
            var heartbeat = new RecorderHeartbeat(settings.ServerId, settings.Name ?? settings.ServerId, settings.PublicAddress!, MeasureLoad(), clock.Now(), settings.Role.WireName());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.HeartbeatInterval * 2);
            await bus.Publish(heartbeat, c => c.TimeToLive = settings.HeartbeatInterval * 3, timeout.Token);
            _warned = false;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            // The broker is away; the management server will notice the silence, which is the truth.
            if (!_warned) log.LogWarning(e, "Could not publish a heartbeat; retrying every {Interval}", settings.HeartbeatInterval);
            _warned = true;
        }
    }

    internal RecorderLoad MeasureLoad()
    {
        var statuses = supervisor.Statuses;
        long bytes = statuses.Sum(s => s.BytesWritten);
        long now = clock.GetTimestamp();
        long bitsPerSecond = 0;
        // Bytes of stopped recorders leave the sum; a negative delta is a restart of the window, not a rate.
        if (_lastBytes >= 0 && bytes >= _lastBytes)
        {
            var elapsed = clock.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            if (elapsed > 0) bitsPerSecond = (long)((bytes - _lastBytes) * 8 / elapsed);
        }
        (_lastBytes, _lastTimestamp) = (bytes, now);
        var (free, total) = DiskSpace(settings.DataDirectory);
        var capacity = settings.Capacity;
        return new RecorderLoad(statuses.Count, bitsPerSecond, free, total, capacity.MaxStreams, capacity.MaxBitsPerSecond, capacity.MinFreeDiskBytes);
    }

    private static (long Free, long Total) DiskSpace(string directory)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(directory));
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (0, 0);
        }
    }
}
