using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>What an archiving server tells the others over the bus (an interface so a pass can be tested without a broker).</summary>
public interface IArchiveMessages
{
    /// <summary>Tells a source which of its segments this server now holds (sent to the source's queue).</summary>
    Task ConfirmAsync(string sourceServerId, ConfirmArchived confirmation, CancellationToken ct);

    /// <summary>Asks the management server for this server's (device, data type) row.</summary>
    Task AddHolderAsync(string deviceId, string dataType, CancellationToken ct);

    /// <summary>Announces that this server holds nothing of a device any more (its row is retired), as retention would.</summary>
    Task HoldsNoMoreAsync(string deviceId, string dataType, CancellationToken ct);
}

/// <summary>
/// The bus implementation. Each call is bounded: with the broker away a pass goes on, nothing is
/// lost (the segments stay at their source until a later confirmation) and the next pass repeats it.
/// </summary>
public sealed class BusArchiveMessages(IBus bus, RecordingSettings settings, TimeProvider clock) : IArchiveMessages
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    public async Task ConfirmAsync(string sourceServerId, ConfirmArchived confirmation, CancellationToken ct)
    {
        using var timeout = Bounded(ct);
        var endpoint = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.Recording(sourceServerId)));
        await endpoint.Send(confirmation, timeout.Token);
    }

    public async Task AddHolderAsync(string deviceId, string dataType, CancellationToken ct)
    {
        using var timeout = Bounded(ct);
        var endpoint = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.Management));
        await endpoint.Send(new AddArchiveHolder(settings.ServerId, deviceId, dataType, clock.Now()), timeout.Token);
    }

    public async Task HoldsNoMoreAsync(string deviceId, string dataType, CancellationToken ct)
    {
        using var timeout = Bounded(ct);
        await bus.Publish(new SegmentsDeleted(settings.ServerId, deviceId, dataType, [], true, clock.Now()), timeout.Token);
    }

    private static CancellationTokenSource Bounded(CancellationToken ct)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        return timeout;
    }
}
