using MassTransit;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Consumers;

/// <summary>
/// This server is the target of a move: start recording the device now, before the table names
/// it current (make-before-break), and answer once the first segment is committed, or with the
/// reason it could not (camera unreachable, refused a second session, wrong credentials).
/// Repeating the command for the same move only refreshes the prepared entry.
/// </summary>
public sealed class PrepareRecordingConsumer(
    RecordingSettings settings,
    PreparedRecordings prepared,
    RecordingSupervisor supervisor,
    ISegmentStore store,
    RecorderOptions options,
    TimeProvider clock,
    ILogger<PrepareRecordingConsumer> log) : IConsumer<PrepareRecording>
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task Consume(ConsumeContext<PrepareRecording> context)
    {
        var m = context.Message;
        if (m.RecordingServerId != settings.ServerId) return;
        var device = m.Device.Device;
        if (settings.IsArchive)
        {
            // Refused at once: the move rolls back instead of waiting for its timeout.
            await context.Publish(new RecordingPrepared(m.MoveId, device.Id, settings.ServerId, false, $"'{settings.ServerId}' is an archiving server: it records no camera", null));
            return;
        }
        var since = clock.GetUtcNow();
        prepared.Add(m.MoveId, device);
        log.LogInformation("Move {MoveId}: preparing to record {Device}", m.MoveId, device.Id);

        var (ok, error) = await WaitForFirstSegmentAsync(device.Id, context.CancellationToken);
        long? first = null;
        if (ok)
        {
            var from = Hosting.UtcMicros.FromDateTimeOffset(since - options.SegmentTargetDuration * 4);
            var segments = await store.ListAsync(device.Id, DataTypes.Video, from, long.MaxValue, context.CancellationToken);
            first = segments.Count > 0 ? segments[0].StartUtcMicros : null;
        }
        else
        {
            log.LogWarning("Move {MoveId}: cannot record {Device}: {Error}", m.MoveId, device.Id, error);
        }
        await context.Publish(new RecordingPrepared(m.MoveId, device.Id, settings.ServerId, ok, error, first));
    }

    private async Task<(bool Ok, string? Error)> WaitForFirstSegmentAsync(string deviceId, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + options.PrepareTimeout;
        var baseline = supervisor.StatusOf(deviceId)?.SegmentsWritten ?? 0;
        while (clock.GetUtcNow() < deadline)
        {
            var status = supervisor.StatusOf(deviceId);
            // A device already recorded here (e.g. moved back) counts once a new segment lands.
            if (status is { SegmentsWritten: > 0 } && (status.SegmentsWritten > baseline || status.State == RecorderState.Recording && baseline > 0))
                return (true, null);
            if (status is { State: RecorderState.BackingOff, ConsecutiveFailures: >= 2 })
                return (false, status.LastError ?? "the camera could not be recorded");
            await Task.Delay(Poll, clock, ct);
        }
        return (false, $"no segment was committed within {options.PrepareTimeout.TotalSeconds:0} s");
    }
}
