using RabbitMQ.Client;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// A message taken from an error queue and not acknowledged yet: until its channel acknowledges it
/// (removed) or closes (returned to its place in the queue) the broker keeps it for this channel only.
/// </summary>
public sealed record HeldMessage(ulong DeliveryTag, IReadOnlyBasicProperties Properties, byte[] Body)
{
    public string Id { get; } = FailedMessageId.Of(Properties.MessageId, Body);
}
