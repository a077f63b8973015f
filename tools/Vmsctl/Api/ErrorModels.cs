using System.Text.Json;

namespace VmsServices.Vmsctl.Api;

// The management API's failed-message shapes (/api/errors), as its OpenAPI document describes
// them. Times are UTC microseconds since the Unix epoch.

/// <summary>An error queue: the node queue it belongs to, its messages, and its consumers (a ServiceControl connector, say).</summary>
public sealed record ErrorQueue(string Queue, string SourceQueue, long Messages, long Consumers);

public sealed record FailedMessage(
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

public sealed record FailedMessagePage(string Queue, string SourceQueue, long Total, int Offset, int Limit, bool Truncated, IReadOnlyList<FailedMessage> Messages);

public sealed record FailedMessageDetail(
    FailedMessage Message,
    string? FaultConsumerType,
    string? FaultStackTrace,
    IReadOnlyDictionary<string, string?> Properties,
    IReadOnlyDictionary<string, string?> Headers,
    JsonElement? Body,
    string? BodyBase64);

public sealed record ErrorQueueRetryResult(string Queue, string SourceQueue, int Retried, IReadOnlyList<string> MessageIds);

public sealed record ErrorQueueRemoveResult(string Queue, long Removed);
