using VmsServices.Hosting;
using VmsServices.Hosting.Bus;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// The error queue of one node's queue: MassTransit moves a message whose handling failed (after
/// the endpoint's retries) from "<c>queue</c>" to "<c>queue</c>_error". Only error queues of this
/// system's own node queues (<see cref="QueueNames"/>) are accepted, so a request can never read
/// or empty another application's queue in the same virtual host.
/// </summary>
public sealed record ErrorQueueName(string SourceQueue)
{
    public const string Suffix = "_error";

    private static readonly string RecordingPrefix = QueueNames.Recording("");

    public string Name => SourceQueue + Suffix;

    public override string ToString() => Name;

    /// <summary>The error queue of a node queue of this system.</summary>
    public static ErrorQueueName Of(string sourceQueue) =>
        IsNodeQueue(sourceQueue) ? new ErrorQueueName(sourceQueue) : throw new ArgumentException($"'{sourceQueue}' is not a node queue.", nameof(sourceQueue));

    /// <summary>A name from a request: "vms-management_error" or "vms-recording-&lt;id&gt;_error".</summary>
    public static ErrorQueueName Parse(string? name)
    {
        if (name is null || !name.EndsWith(Suffix, StringComparison.Ordinal) || !IsNodeQueue(name[..^Suffix.Length]))
            throw new InvalidRequestException(
                $"'{Shorten(name)}' is not an error queue of this system: expected {QueueNames.Management}{Suffix} or {RecordingPrefix}<recording server id>{Suffix} ({Ids.Rule}).");
        return new ErrorQueueName(name[..^Suffix.Length]);
    }

    private static bool IsNodeQueue(string queue) =>
        queue == QueueNames.Management || (queue.StartsWith(RecordingPrefix, StringComparison.Ordinal) && Ids.IsValid(queue[RecordingPrefix.Length..]));

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..80] + "...";
}
