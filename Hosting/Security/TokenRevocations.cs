using System.Collections.Concurrent;
using VmsServices.Messages;

namespace VmsServices.Hosting.Security;

/// <summary>
/// The tokens refused before their expiry (<see cref="TokensRevoked"/>): by token id (a sign-out) or
/// by user and issue time (a deleted user, a changed password or role). In memory on every server,
/// fed by the bus; entries drop once the tokens they cover would have expired anyway, so the list
/// stays as small as the number of sign-outs within one token lifetime.
/// </summary>
public sealed class TokenRevocations(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, long> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long IssuedBefore, long Until)> _subjects = new(StringComparer.Ordinal);

    public void Apply(IEnumerable<TokenRevocation> revocations)
    {
        foreach (var r in revocations)
        {
            if (r.TokenId is { Length: > 0 } id) _tokens[id] = r.UntilUtcMicros;
            if (r.Subject is { Length: > 0 } subject)
                _subjects.AddOrUpdate(subject, (r.IssuedBeforeUtcMicros, r.UntilUtcMicros),
                    (_, old) => (Math.Max(old.IssuedBefore, r.IssuedBeforeUtcMicros), Math.Max(old.Until, r.UntilUtcMicros)));
        }
        Prune();
    }

    public bool IsRevoked(AccessToken token)
    {
        if (_tokens.ContainsKey(token.Id)) return true;
        return _subjects.TryGetValue(token.Subject, out var s) && UtcMicros.FromDateTimeOffset(token.IssuedAt) < s.IssuedBefore;
    }

    /// <summary>What is in force now, for a server that starts after it was published.</summary>
    public IReadOnlyList<TokenRevocation> Current()
    {
        Prune();
        return [.. _tokens.Select(t => new TokenRevocation(t.Key, null, 0, t.Value)),
                .. _subjects.Select(s => new TokenRevocation(null, s.Key, s.Value.IssuedBefore, s.Value.Until))];
    }

    private void Prune()
    {
        var now = clock.Now();
        foreach (var (id, until) in _tokens) if (until < now) _tokens.TryRemove(id, out _);
        foreach (var (subject, s) in _subjects) if (s.Until < now) _subjects.TryRemove(subject, out _);
    }
}
