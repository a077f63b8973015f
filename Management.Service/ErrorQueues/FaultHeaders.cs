using MassTransit;
using RabbitMQ.Client;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// The headers MassTransit adds when it moves a message to an error queue (MassTransit 8.4,
/// SendContextExtensions.SetExceptionHeaders and SetHostHeaders): MT-Reason, MT-Fault-* (exception
/// type, message, stack trace, timestamp, input address, consumer and message type, retry count)
/// and MT-Host-* (the host that failed). A retried message goes back without them, so that its next
/// failure, if any, reports only itself, and with <see cref="RetryCount"/> counting the retries.
/// </summary>
public static class FaultHeaders
{
    /// <summary>How many times an operator sent this message back to its queue.</summary>
    public const string RetryCount = "VMS-Retry-Count";

    private const string FaultPrefix = "MT-Fault-";
    private const string HostPrefix = "MT-Host-";

    public static bool IsFaultHeader(string name) =>
        name.StartsWith(FaultPrefix, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase)
        || name.Equals(MessageHeaders.Reason, StringComparison.OrdinalIgnoreCase);

    /// <summary>RabbitMQ.Client's own bookkeeping of the publish that put the message in the error queue; a new publish sets its own.</summary>
    private static bool IsClientBookkeeping(string name) => name == Constants.PublishSequenceNumberHeader;

    public static int RetriesOf(IDictionary<string, object?>? headers) =>
        int.TryParse(AmqpHeaderText.Get(headers, RetryCount), out var n) && n >= 0 ? n : 0;

    /// <summary>
    /// The properties of the message as it goes back to its queue: every AMQP property and header of
    /// the failed message (message id, content type, persistence, correlation...), minus the fault
    /// headers, plus the incremented retry count.
    /// </summary>
    public static BasicProperties ForRetry(IReadOnlyBasicProperties failed)
    {
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in failed.Headers ?? new Dictionary<string, object?>())
            if (!IsFaultHeader(name) && !IsClientBookkeeping(name)) headers[name] = value;
        headers[RetryCount] = RetriesOf(failed.Headers) + 1;
        return new BasicProperties(failed) { Headers = headers };
    }
}
