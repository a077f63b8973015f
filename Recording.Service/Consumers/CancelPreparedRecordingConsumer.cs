using MassTransit;
using VmsServices.Messages;
using VmsServices.Recording.Recorder;

namespace VmsServices.Recording.Consumers;

/// <summary>
/// A move was rolled back: stop the recording prepared for it. If the copy meanwhile names this
/// server current, the supervisor keeps recording the device as any current device. What was
/// recorded stays.
/// </summary>
public sealed class CancelPreparedRecordingConsumer(RecordingSettings settings, PreparedRecordings prepared, ILogger<CancelPreparedRecordingConsumer> log)
    : IConsumer<CancelPreparedRecording>
{
    public Task Consume(ConsumeContext<CancelPreparedRecording> context)
    {
        var m = context.Message;
        if (m.RecordingServerId == settings.ServerId && prepared.Remove(m.DeviceId, m.MoveId))
            log.LogInformation("Move {MoveId}: prepared recording of {Device} cancelled", m.MoveId, m.DeviceId);
        return Task.CompletedTask;
    }
}
