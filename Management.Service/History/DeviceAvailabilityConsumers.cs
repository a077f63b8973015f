using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Management.History;

/// <summary>
/// A recording server reports a camera online or offline: the camera history records it when the
/// reporter is the camera's current server and the state changed (a late report from a previous
/// owner, or a duplicate, changes nothing).
/// </summary>
public sealed class DeviceAvailabilityConsumers(CameraHistoryStore history, ILogger<DeviceAvailabilityConsumers> log)
    : IConsumer<DeviceOnline>, IConsumer<DeviceOffline>
{
    public async Task Consume(ConsumeContext<DeviceOnline> context)
    {
        var m = context.Message;
        if (await history.RecordAvailabilityAsync(m.DeviceId, m.RecordingServerId, true, m.SinceUtcMicros, null, context.CancellationToken))
            log.LogInformation("Device {Device} is online on {Server}", m.DeviceId, m.RecordingServerId);
    }

    public async Task Consume(ConsumeContext<DeviceOffline> context)
    {
        var m = context.Message;
        var reason = m.Reason is { Length: > 500 } r ? r[..500] : m.Reason;
        if (await history.RecordAvailabilityAsync(m.DeviceId, m.RecordingServerId, false, m.SinceUtcMicros, reason, context.CancellationToken))
            log.LogWarning("Device {Device} is offline on {Server}: {Reason}", m.DeviceId, m.RecordingServerId, reason);
    }
}
