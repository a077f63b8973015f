using System.Text.Json;

namespace VmsServices.Management.ErrorQueues;

/// <summary>An error queue of GET /api/errors: how many messages wait in it, and whether something consumes it (e.g. a ServiceControl connector).</summary>
public sealed record ErrorQueueSummary(string Queue, string SourceQueue, long Messages, long Consumers);

/// <summary>
/// One failed message as a listing shows it. Times are UTC microseconds since the Unix epoch;
/// <see cref="Retries"/> counts how often an operator already sent it back.
/// </summary>
public sealed record FailedMessageSummary(
    string Id,
    string? MessageType,
    string SourceQueue,
    string? DestinationAddress,
    string? SourceAddress,
    string? FaultExceptionType,
    string? FaultMessage,
    long? FaultedUtcMicros,
    long SizeBytes,
    int Retries);

/// <summary>
/// A page of GET /api/errors/{queue}: <see cref="Total"/> is the queue's length when it was read;
/// <see cref="Truncated"/> when the page stops early because a peek holds at most
/// <see cref="ErrorQueueLimits.MaxPeekMessages"/> messages or <see cref="ErrorQueueLimits.MaxPeekBytes"/> bytes.
/// </summary>
public sealed record FailedMessagePage(
    string Queue, string SourceQueue, long Total, int Offset, int Limit, bool Truncated, IReadOnlyList<FailedMessageSummary> Messages);

/// <summary>
/// GET /api/errors/{queue}/{messageId}: the listing's view plus everything the broker holds: AMQP
/// properties, headers, and the body, as JSON when it is JSON, else base64.
/// </summary>
public sealed record FailedMessageDetail(
    FailedMessageSummary Message,
    string? FaultConsumerType,
    string? FaultStackTrace,
    IReadOnlyDictionary<string, string?> Properties,
    IReadOnlyDictionary<string, string?> Headers,
    JsonElement? Body,
    string? BodyBase64);

/// <summary>What a retry did: the messages sent back to <see cref="SourceQueue"/>.</summary>
public sealed record ErrorQueueRetryResult(string Queue, string SourceQueue, int Retried, IReadOnlyList<string> MessageIds);

/// <summary>What a delete or purge removed for good.</summary>
public sealed record ErrorQueueRemoveResult(string Queue, long Removed);
