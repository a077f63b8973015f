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
    /// The moves requested and not stored yet, for a decision loop. Forgets those the saga has stored
    /// (the moves table now speaks for them; one query for all) and those past the prepare timeout.
    /// </summary>
    public async Task<IReadOnlyList<MoveState>> UnstoredAsync(CancellationToken ct)
    {
        ForgetExpired();
        if (_sent.IsEmpty) return [];
        foreach (var id in await moves.ListStoredAsync(_sent.Keys.ToList(), ct)) _sent.TryRemove(id, out _);
        return _sent.Values.Select(e => e.Move).ToList();
    }

    /// <summary>
    /// The requested move of <paramref name="deviceId"/> not stored yet, if any: per request, so it looks
    /// up that device's entry only (a failover requesting hundreds of moves in a row stays linear).
    /// </summary>
    public async Task<MoveState?> UnstoredOfAsync(string deviceId, CancellationToken ct)
    {
        ForgetExpired();
        foreach (var (id, entry) in _sent)
        {
            if (entry.Move.DeviceId != deviceId) continue;
            if (await moves.LoadAsync(id, ct) is null) return entry.Move;
            _sent.TryRemove(id, out _);
        }
        return null;
    }

    private void ForgetExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, entry) in _sent)
            if (now - entry.SentAt > settings.PrepareTimeout) _sent.TryRemove(id, out _);
    }
}
