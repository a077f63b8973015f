using RabbitMQ.Client.Exceptions;
using VmsServices.Hosting;

namespace VmsServices.Management.ErrorQueues;

/// <summary>
/// Failed messages: MassTransit's error queues on RabbitMQ as the dead-letter store, and what an
/// operator does with them. A retry publishes the message to the queue its error queue belongs to
/// and waits for the broker's confirm before it removes it from the error queue: a crash in between
/// leaves it in both (a duplicate, which the idempotent consumers tolerate), never in neither.
/// </summary>
public sealed class ErrorQueueService(ErrorQueueBroker broker, ErrorQueueCatalog catalog, ILogger<ErrorQueueService> log)
{
    public async Task<IReadOnlyList<ErrorQueueSummary>> ListAsync(CancellationToken ct)
    {
        var queues = await catalog.KnownAsync(ct);
        return await broker.RunAsync<IReadOnlyList<ErrorQueueSummary>>(async session =>
        {
            var summaries = new List<ErrorQueueSummary>();
            foreach (var queue in queues)
            {
                var state = await session.InspectAsync(queue.Name, ct);
                summaries.Add(new ErrorQueueSummary(queue.Name, queue.SourceQueue, state?.MessageCount ?? 0, state?.ConsumerCount ?? 0));
            }
            return summaries;
        }, ct);
    }

    /// <summary>The messages from <paramref name="offset"/>, in queue order, left where they are.</summary>
    public Task<FailedMessagePage> PeekAsync(ErrorQueueName queue, int offset, int limit, CancellationToken ct) =>
        broker.RunAsync(async session =>
        {
            if (await session.InspectAsync(queue.Name, ct) is not { } state)
                return new FailedMessagePage(queue.Name, queue.SourceQueue, 0, offset, limit, false, []);
            var (held, complete) = await session.HoldAsync(queue.Name, offset + limit, ct);
            return new FailedMessagePage(queue.Name, queue.SourceQueue, state.MessageCount, offset, limit,
                !complete && held.Count < offset + limit, held.Skip(offset).Select(m => FailedMessageView.Summary(queue, m)).ToList());
        }, ct);

    public Task<FailedMessageDetail> GetAsync(ErrorQueueName queue, string messageId, CancellationToken ct) =>
        broker.RunAsync(async session => FailedMessageView.Detail(queue, (await FindAsync(session, queue, messageId, ct))[0]), ct);

    public Task<ErrorQueueRetryResult> RetryAsync(ErrorQueueName queue, string messageId, CancellationToken ct) =>
        broker.RunAsync(async session =>
        {
            var copies = await FindAsync(session, queue, messageId, ct);
            foreach (var m in copies) await SendBackAsync(session, queue, m, 0, ct);
            log.LogInformation("Retried message {MessageId} from {ErrorQueue} to {Queue} (copies: {Copies})", messageId, queue.Name, queue.SourceQueue, copies.Count);
            return new ErrorQueueRetryResult(queue.Name, queue.SourceQueue, copies.Count, copies.Select(m => m.Id).ToList());
        }, ct);

    /// <summary>
    /// Sends back every message the queue held when the retry began, one at a time. Messages that fail
    /// again while this runs come back behind them and are left for the next retry.
    /// </summary>
    public Task<ErrorQueueRetryResult> RetryAllAsync(ErrorQueueName queue, CancellationToken ct) =>
        broker.RunAsync(async session =>
        {
            var ids = new List<string>();
            var count = (await session.InspectAsync(queue.Name, ct))?.MessageCount ?? 0;
            while (ids.Count < count && await session.TakeAsync(queue.Name, ct) is { } m)
            {
                await SendBackAsync(session, queue, m, ids.Count, ct);
                ids.Add(m.Id);
            }
            log.LogInformation("Retried {Count} message(s) from {ErrorQueue} to {Queue}", ids.Count, queue.Name, queue.SourceQueue);
            return new ErrorQueueRetryResult(queue.Name, queue.SourceQueue, ids.Count, ids);
        }, ct);

    public Task<ErrorQueueRemoveResult> DeleteAsync(ErrorQueueName queue, string messageId, CancellationToken ct) =>
        broker.RunAsync(async session =>
        {
            var copies = await FindAsync(session, queue, messageId, ct);
            foreach (var m in copies) await session.RemoveAsync(m, ct);
            log.LogWarning("Deleted message {MessageId} from {ErrorQueue} (copies: {Copies})", messageId, queue.Name, copies.Count);
            return new ErrorQueueRemoveResult(queue.Name, copies.Count);
        }, ct);

    public Task<ErrorQueueRemoveResult> PurgeAsync(ErrorQueueName queue, CancellationToken ct) =>
        broker.RunAsync(async session =>
        {
            long removed = await session.InspectAsync(queue.Name, ct) is null ? 0 : await session.PurgeAsync(queue.Name, ct);
            log.LogWarning("Purged {Count} message(s) from {ErrorQueue}", removed, queue.Name);
            return new ErrorQueueRemoveResult(queue.Name, removed);
        }, ct);

    /// <summary>Every held copy of the message among the first <see cref="ErrorQueueLimits.MaxPeekMessages"/>; 404 when there is none.</summary>
    private static async Task<IReadOnlyList<HeldMessage>> FindAsync(BrokerSession session, ErrorQueueName queue, string messageId, CancellationToken ct)
    {
        if (await session.InspectAsync(queue.Name, ct) is null)
            throw new NotFoundException($"{queue.Name} holds no message '{messageId}': no message ever failed there.");
        var (held, complete) = await session.HoldAsync(queue.Name, ErrorQueueLimits.MaxPeekMessages, ct);
        var copies = held.Where(m => m.Id == messageId).ToList();
        if (copies.Count > 0) return copies;
        throw new NotFoundException(complete
            ? $"{queue.Name} holds no message '{messageId}'."
            : $"No message '{messageId}' among the first {held.Count} messages of {queue.Name} (a search stops there; retry or purge the queue's head first).");
    }

    /// <summary>Publish (confirmed) to the source queue first, remove from the error queue second.</summary>
    private static async Task SendBackAsync(BrokerSession session, ErrorQueueName queue, HeldMessage m, int sentBefore, CancellationToken ct)
    {
        try
        {
            await session.PublishConfirmedAsync(queue.SourceQueue, FaultHeaders.ForRetry(m.Properties), m.Body, ct);
        }
        catch (PublishException e) when (e.IsReturn)
        {
            throw new ConflictException(
                $"Queue {queue.SourceQueue} does not exist (its node never ran on this broker, or the queue was deleted): message '{m.Id}' stays in {queue.Name}"
                + (sentBefore > 0 ? $"; {sentBefore} message(s) before it were retried." : "."));
        }
        await session.RemoveAsync(m, ct);
    }
}
