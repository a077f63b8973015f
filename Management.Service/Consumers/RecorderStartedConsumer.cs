using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Consumers;

/// <summary>
/// A recording server announced itself: it joins the registry (seed 001: servers join and take
/// load) or refreshes its address, and the change is propagated.
/// </summary>
public sealed class RecorderStartedConsumer(ConfigurationStore store, ConfigurationPublisher publisher, ILogger<RecorderStartedConsumer> log)
    : IConsumer<RecorderStarted>
{
    public async Task Consume(ConsumeContext<RecorderStarted> context)
    {
        var m = context.Message;
        if (!Ids.IsValid(m.RecordingServerId) || !Uri.TryCreate(m.Address, UriKind.Absolute, out _))
        {
            log.LogWarning("Ignored RecorderStarted with invalid id or address from {Id}", m.RecordingServerId);
            return;
        }
        var change = await store.RegisterServerAsync(new RecordingServerRecord(m.RecordingServerId, m.Name, m.Address.TrimEnd('/')), context.CancellationToken);
        if (change is null) return;
        log.LogInformation("Recording server {Id} registered at {Address}", m.RecordingServerId, m.Address);
        await publisher.PublishAsync(change);
    }
}
