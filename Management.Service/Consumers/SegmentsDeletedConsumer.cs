using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Consumers;

/// <summary>
/// Retirement (seed 000 [0081]): a recording server that holds no more segments of a device's
/// data type loses its row if that row is non-current, and every recording server is told. A
/// current server keeps its row (it records again soon); a row already gone changes nothing, so
/// duplicates are harmless.
/// </summary>
public sealed class SegmentsDeletedConsumer(ConfigurationStore store, ConfigurationPublisher publisher, ILogger<SegmentsDeletedConsumer> log)
    : IConsumer<SegmentsDeleted>
{
    public async Task Consume(ConsumeContext<SegmentsDeleted> context)
    {
        var m = context.Message;
        if (!m.HoldsNoMore) return;
        if (!Ids.IsValid(m.RecordingServerId) || !Ids.IsValid(m.DeviceId) || string.IsNullOrEmpty(m.DataType) || m.DataType.Length > 64)
        {
            log.LogWarning("Ignored SegmentsDeleted with invalid ids from {Server}", m.RecordingServerId);
            return;
        }
        var change = await store.RetireRowAsync(m.DeviceId, m.DataType, m.RecordingServerId, context.CancellationToken);
        if (change is null) return;
        log.LogInformation("Recording server {Server} holds no more {DataType} of device {Device}: its row is retired (version {Version})",
            m.RecordingServerId, m.DataType, m.DeviceId, change.Version);
        await publisher.PublishAsync(change);
    }
}
