using System.Globalization;
using System.Text.Json;
using MassTransit;
using RabbitMQ.Client;
using VmsServices.Hosting;

namespace VmsServices.Management.ErrorQueues;

/// <summary>Turns a message held from an error queue into what the API shows of it.</summary>
public static class FailedMessageView
{
    public static FailedMessageSummary Summary(ErrorQueueName queue, HeldMessage m)
    {
        var headers = m.Properties.Headers;
        var envelope = MassTransitEnvelope.Read(m.Body);
        return new FailedMessageSummary(
            m.Id,
            envelope.MessageType ?? MassTransitEnvelope.TypeName(AmqpHeaderText.Get(headers, MessageHeaders.FaultMessageType)) ?? m.Properties.Type,
            queue.SourceQueue,
            envelope.DestinationAddress ?? AmqpHeaderText.Get(headers, MessageHeaders.FaultInputAddress),
            envelope.SourceAddress,
            AmqpHeaderText.Get(headers, MessageHeaders.FaultExceptionType),
            AmqpHeaderText.Get(headers, MessageHeaders.FaultMessage),
            FaultedAt(AmqpHeaderText.Get(headers, MessageHeaders.FaultTimestamp)),
            m.Body.LongLength,
            FaultHeaders.RetriesOf(headers));
    }

    public static FailedMessageDetail Detail(ErrorQueueName queue, HeldMessage m)
    {
        var headers = m.Properties.Headers;
        var text = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in headers ?? new Dictionary<string, object?>()) text[name] = AmqpHeaderText.Of(value);
        var body = JsonBody(m.Body);
        return new FailedMessageDetail(
            Summary(queue, m),
            AmqpHeaderText.Get(headers, MessageHeaders.FaultConsumerType),
            AmqpHeaderText.Get(headers, MessageHeaders.FaultStackTrace),
            Properties(m.Properties),
            text,
            body,
            body is null ? Convert.ToBase64String(m.Body) : null);
    }

    private static long? FaultedAt(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? UtcMicros.FromDateTimeOffset(t) : null;

    private static JsonElement? JsonBody(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The AMQP properties that are set, by their AMQP names.</summary>
    private static IReadOnlyDictionary<string, string?> Properties(IReadOnlyBasicProperties p)
    {
        var all = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        void Add(bool present, string name, object? value)
        {
            if (present) all[name] = AmqpHeaderText.Of(value);
        }
        Add(p.IsMessageIdPresent(), "message-id", p.MessageId);
        Add(p.IsCorrelationIdPresent(), "correlation-id", p.CorrelationId);
        Add(p.IsContentTypePresent(), "content-type", p.ContentType);
        Add(p.IsContentEncodingPresent(), "content-encoding", p.ContentEncoding);
        Add(p.IsDeliveryModePresent(), "delivery-mode", p.DeliveryMode.ToString());
        Add(p.IsPriorityPresent(), "priority", p.Priority);
        Add(p.IsReplyToPresent(), "reply-to", p.ReplyTo);
        Add(p.IsExpirationPresent(), "expiration", p.Expiration);
        Add(p.IsTimestampPresent(), "timestamp", p.Timestamp);
        Add(p.IsTypePresent(), "type", p.Type);
        Add(p.IsUserIdPresent(), "user-id", p.UserId);
        Add(p.IsAppIdPresent(), "app-id", p.AppId);
        return all;
    }
}
