using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Failover;

/// <summary>
/// Notes each heartbeat. The first one after this server started (or one with a new address) also
/// registers the sender, so a recording server whose RecorderStarted was lost still joins.
/// </summary>
public sealed class RecorderHeartbeatConsumer(ServerLiveness liveness, ConfigurationStore store, ConfigurationPublisher publisher, ILogger<RecorderHeartbeatConsumer> log)
    : IConsumer<RecorderHeartbeat>
{
    public async Task Consume(ConsumeContext<RecorderHeartbeat> context)
    {
        var m = context.Message;
        if (!Ids.IsValid(m.RecordingServerId) || m.Load is null || !Uri.TryCreate(m.Address, UriKind.Absolute, out _))
        {
            log.LogWarning("Ignored a heartbeat with an invalid id, address or load from {Id}", m.RecordingServerId);
            return;
        }
        if (liveness.IsNewOrChanged(m))
        {
            // Registered first, noted after: if the database is away, the next heartbeat tries again.
            var change = await store.RegisterServerAsync(new RecordingServerRecord(m.RecordingServerId, m.Name, m.Address.TrimEnd('/')), context.CancellationToken);
            if (change is not null) await publisher.PublishAsync(change);
        }
        liveness.Record(m);
    }
}
