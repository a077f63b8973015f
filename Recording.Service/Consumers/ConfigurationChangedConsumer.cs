using MassTransit;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording.Consumers;

public sealed class ConfigurationChangedConsumer(ConfigurationSynchronizer synchronizer) : IConsumer<ConfigurationChanged>
{
    public Task Consume(ConsumeContext<ConfigurationChanged> context) => synchronizer.ApplyAsync(context.Message, context.CancellationToken);
}
