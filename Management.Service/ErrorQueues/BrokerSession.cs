using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// The channel of one error queue operation. Messages taken from a queue with basic.get and not
/// acknowledged stay held by this channel, invisible to everyone else; when the session ends the
/// channel closes and the broker puts every message still held back at its place in the queue
/// (RabbitMQ requeues at the original position), so looking at a queue neither loses nor reorders
/// anything. Publisher confirms are on: a publish returns only once the broker has the message.
/// </summary>
public sealed class BrokerSession(IConnection connection) : IAsyncDisposable
{
    private static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private IChannel? _channel;

    public async Task<IChannel> ChannelAsync(CancellationToken ct)
    {
        if (_channel is { IsOpen: true }) return _channel;
        // A channel the broker closed (a passive declare of a missing queue does that) returned its messages already.
        if (_channel is not null) await _channel.DisposeAsync();
        _channel = null;
        _channel = await connection.CreateChannelAsync(Confirmed, ct);
        return _channel;
    }

    /// <summary>The queue's ready messages and consumers; null when it does not exist (no message ever failed there).</summary>
    public async Task<QueueDeclareOk?> InspectAsync(string queue, CancellationToken ct)
    {
        try
        {
            return await (await ChannelAsync(ct)).QueueDeclarePassiveAsync(queue, ct);
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }

    /// <summary>The next message of the queue, held (not acknowledged); null when none is left.</summary>
    public async Task<HeldMessage?> TakeAsync(string queue, CancellationToken ct)
    {
        var result = await (await ChannelAsync(ct)).BasicGetAsync(queue, autoAck: false, ct);
        return result is null ? null : new HeldMessage(result.DeliveryTag, result.BasicProperties, result.Body.ToArray());
    }

    /// <summary>
    /// Holds the queue's messages from its head, up to <paramref name="maxMessages"/> or
    /// <see cref="ErrorQueueLimits.MaxPeekBytes"/>; Complete when the queue had no more.
    /// </summary>
    public async Task<(IReadOnlyList<HeldMessage> Messages, bool Complete)> HoldAsync(string queue, int maxMessages, CancellationToken ct)
    {
        var held = new List<HeldMessage>();
        long bytes = 0;
        while (held.Count < maxMessages && bytes < ErrorQueueLimits.MaxPeekBytes)
        {
            if (await TakeAsync(queue, ct) is not { } message) return (held, true);
            held.Add(message);
            bytes += message.Body.LongLength;
        }
        return (held, false);
    }

    /// <summary>Removes a held message for good.</summary>
    public async Task RemoveAsync(HeldMessage message, CancellationToken ct) =>
        await (await ChannelAsync(ct)).BasicAckAsync(message.DeliveryTag, multiple: false, ct);

    /// <summary>Publishes to a queue through the default exchange and waits for the broker's confirm; a queue that does not exist throws (mandatory).</summary>
    public async Task PublishConfirmedAsync(string queue, BasicProperties properties, byte[] body, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ErrorQueueLimits.ConfirmTimeout);
        await (await ChannelAsync(ct)).BasicPublishAsync("", queue, mandatory: true, properties, body, timeout.Token);
    }

    public async Task<uint> PurgeAsync(string queue, CancellationToken ct) => await (await ChannelAsync(ct)).QueuePurgeAsync(queue, ct);

    public async ValueTask DisposeAsync()
    {
        if (_channel is null) return;
        try
        {
            if (_channel.IsOpen) await _channel.CloseAsync();
        }
        catch (Exception e) when (e is OperationInterruptedException or IOException)
        {
            // The connection went away: the broker returns the held messages all the same.
        }
        await _channel.DisposeAsync();
    }
}
