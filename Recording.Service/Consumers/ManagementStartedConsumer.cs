using MassTransit;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Consumers;

/// <summary>The management server came back: refresh now rather than at the next interval.</summary>
public sealed class ManagementStartedConsumer(ConfigurationSynchronizer synchronizer) : IConsumer<ManagementStarted>
{
    public Task Consume(ConsumeContext<ManagementStarted> context) => synchronizer.RefreshAsync(context.CancellationToken);
}
