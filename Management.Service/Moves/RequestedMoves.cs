using System.Collections.Concurrent;

namespace VmsServices.Management.Moves;

/// <summary>
/// Moves this management server has sent to the move saga that the saga may not have stored yet.
/// MoveDevice travels through the bus, so for a moment after a request the moves table knows nothing
/// of it; without this list a decision loop that runs again in that moment (failover every check,
/// rebalancing) would see the device still in place and not moving, and ask again. An entry lives
/// until the saga's row for it has been seen, or <see cref="MoveSettings.PrepareTimeout"/> passed (a
/// MoveDevice that never arrived must not pin its device forever).
/// </summary>
public sealed class RequestedMoves(MoveStore moves, MoveSettings settings, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, (MoveState Move, DateTimeOffset SentAt)> _sent = new();

    public void Sent(MoveState move) => _sent[move.CorrelationId] = (move, clock.GetUtcNow());

    /// <summary>The request never left (the bus refused it).</summary>
    public void Forget(Guid moveId) => _sent.TryRemove(moveId, out _);

    /// <summary>
    /// The moves requested and not stored yet. Forgets those the saga has stored (the moves table now
    /// speaks for them) and those past the prepare timeout.
    /// </summary>
    public async Task<IReadOnlyList<MoveState>> UnstoredAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var unstored = new List<MoveState>();
        foreach (var (id, entry) in _sent)
        {
            if (now - entry.SentAt > settings.PrepareTimeout || await moves.LoadAsync(id, ct) is not null)
                _sent.TryRemove(id, out _);
            else
                unstored.Add(entry.Move);
        }
        return unstored;
    }
}
