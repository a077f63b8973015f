using MassTransit;
using VmsServices.Messages;

namespace VmsServices.Management.ConfigurationTable;

/// <summary>
/// Propagates committed changes of the master table to the recording servers (seed 000, 313/314).
/// The database commit is the truth: if the bus is down the event is logged as lost and the
/// recording servers converge on their next periodic copy refresh (there is no durable outbox).
/// </summary>
public sealed class ConfigurationPublisher(IBus bus, ILogger<ConfigurationPublisher> log)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    public async Task PublishAsync(ConfigurationChanged change)
    {
        try
        {
            using var timeout = new CancellationTokenSource(PublishTimeout);
            await bus.Publish(change, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "ConfigurationChanged version {Version} was committed but not published; recording servers will catch up on their next refresh", change.Version);
        }
    }
}
