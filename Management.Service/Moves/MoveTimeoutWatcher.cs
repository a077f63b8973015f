using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Bus;
using VmsServices.Messages;

namespace VmsServices.Management.Moves;

/// <summary>
/// The move saga's timeout: delayed scheduling does not work on the broker (docs: STACK), so the
/// moves table is polled for moves still preparing after their deadline, and each gets a
/// <see cref="MoveDeadlinePassed"/> on the management queue. Deadlines are stored, so this also
/// rolls back a move the management server was restarted in the middle of. A move still preparing
/// gets the message again after a few polls (a lost message must not leave it running forever).
/// </summary>
public sealed class MoveTimeoutWatcher(MoveStore moves, IBus bus, MoveSettings settings, TimeProvider clock, ILogger<MoveTimeoutWatcher> log)
    : BackgroundService
{
    private const int ResendAfterPolls = 10;
    private readonly Dictionary<Guid, long> _sentAtPoll = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _poll;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.DeadlinePollInterval, clock);
        do
        {
            try
            {
                await CheckOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Checking move deadlines failed; trying again in {Interval}", settings.DeadlinePollInterval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One poll: returns how many moves were told their deadline passed.</summary>
    public async Task<int> CheckOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await CheckAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> CheckAsync(CancellationToken ct)
    {
        _poll++;
        var overdue = await moves.ListOverdueAsync(clock.Now(), ct);
        var due = overdue.Where(m => !_sentAtPoll.TryGetValue(m.Id, out var at) || _poll - at >= ResendAfterPolls).ToList();
        foreach (var id in _sentAtPoll.Keys.Except(overdue.Select(m => m.Id)).ToList()) _sentAtPoll.Remove(id);
        if (due.Count == 0) return 0;
        var endpoint = await bus.GetSendEndpoint(QueueNames.Address(QueueNames.Management));
        foreach (var (id, deadline) in due)
        {
            await endpoint.Send(new MoveDeadlinePassed(id, deadline), s => s.ConversationId = id, ct);
            _sentAtPoll[id] = _poll;
            log.LogInformation("Move {MoveId} passed its deadline; rolling it back", id);
        }
        return due.Count;
    }
}
