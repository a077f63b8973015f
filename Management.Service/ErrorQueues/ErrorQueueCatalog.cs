using System.Data.Common;
using VmsServices.Hosting.Bus;
using VmsServices.Management.ConfigurationTable;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// The error queues this system can have: the management server's, and one per registered
/// recording server. AMQP cannot list a virtual host's queues (only the management plugin's HTTP
/// API can, and it is not assumed), so the names come from the registry.
/// </summary>
public sealed class ErrorQueueCatalog(ConfigurationStore store, ILogger<ErrorQueueCatalog> log)
{
    public async Task<IReadOnlyList<ErrorQueueName>> KnownAsync(CancellationToken ct)
    {
        var queues = new List<ErrorQueueName> { ErrorQueueName.Of(QueueNames.Management) };
        try
        {
            queues.AddRange((await store.ListServersAsync(ct)).Select(s => ErrorQueueName.Of(QueueNames.Recording(s.Id))));
        }
        catch (DbException e)
        {
            // The database being down is a likely reason to look at error queues: show what is known without it.
            log.LogWarning(e, "Registered recording servers unknown (configuration database unavailable): listing the management server's error queue only");
        }
        return queues;
    }
}
