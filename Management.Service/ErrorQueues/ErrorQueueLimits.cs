namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// Bounds of the operations that hold messages while they look at them (peek, and finding a
/// message by id): they keep this many at most in memory, so a huge error queue cannot exhaust the
/// server. Retry of all and purge are not bounded: they never hold more than one message.
/// </summary>
public static class ErrorQueueLimits
{
    public const int MaxPeekMessages = 1000;
    public const long MaxPeekBytes = 64L * 1024 * 1024;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>How long the broker may take to confirm a message sent back; unconfirmed, it stays in the error queue.</summary>
    public static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);
}
