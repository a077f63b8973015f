using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Consumers;

/// <summary>
/// An archiving server stored its first segments of a device: it gets a non-current row, so the
/// device's recording servers (their copies, their association tables) learn it as a holder and
/// the current one serves the archived segments through its proxy. Its retirement is the ordinary
/// one (<see cref="SegmentsDeletedConsumer"/>). Duplicates change nothing.
/// </summary>
public sealed class AddArchiveHolderConsumer(ConfigurationStore store, ConfigurationPublisher publisher, ILogger<AddArchiveHolderConsumer> log)
    : IConsumer<AddArchiveHolder>
{
    public async Task Consume(ConsumeContext<AddArchiveHolder> context)
    {
        var m = context.Message;
        if (!Ids.IsValid(m.ArchiveServerId) || !Ids.IsValid(m.DeviceId) || !DataTypes.IsKnown(m.DataType))
        {
            log.LogWarning("Ignored AddArchiveHolder with invalid ids from {Server}", m.ArchiveServerId);
            return;
        }
        var change = await store.AddArchiveHolderRowAsync(m.DeviceId, m.DataType, m.ArchiveServerId, context.CancellationToken);
        if (change is null) return;
        log.LogInformation("Archiving server {Server} holds {DataType} of device {Device}: non-current row added (version {Version})",
            m.ArchiveServerId, m.DataType, m.DeviceId, change.Version);
        await publisher.PublishAsync(change);
    }
}
