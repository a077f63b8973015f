using MassTransit;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Consumers;

/// <summary>
/// Answers a recording server's request for its copy of the configuration table (seed 000, 302-303).
/// An archiving server's copy lists every registered server: those are the ones it takes segments from.
/// </summary>
public sealed class GetConfigurationCopyConsumer(ConfigurationStore store) : IConsumer<GetConfigurationCopy>
{
    public async Task Consume(ConsumeContext<GetConfigurationCopy> context) =>
        await context.RespondAsync(await store.ReadCopyAsync(context.Message.RecordingServerId, context.CancellationToken,
            allServers: RecordingServerRoles.IsArchive(context.Message.Role)));
}
