using System.Collections.Concurrent;

namespace VmsServices.Management.Users;

/// <summary>
/// Slows password guessing: after <see cref="AuthSettings.SignInAttemptsPerMinute"/> failed sign-ins
/// from one address within a minute, that address is refused (429) until the minute is over.
/// Successful sign-ins do not count, so a console shared by a control room never locks itself out.
/// </summary>
public sealed class SignInThrottle(AuthSettings settings, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Failures)> _failures = new();

    /// <summary>How long the address must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_failures.TryGetValue(address, out var entry)) return null;
        var left = entry.Start + Window - clock.GetUtcNow();
        return left > TimeSpan.Zero && entry.Failures >= settings.SignInAttemptsPerMinute ? left : null;
    }

    public void Failed(string address)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxTrackedAddresses) Prune(now);
        _failures.AddOrUpdate(address, (now, 1), (_, e) => now - e.Start >= Window ? (now, 1) : (e.Start, e.Failures + 1));
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, entry) in _failures)
            if (now - entry.Start >= Window) _failures.TryRemove(address, out _);
    }
}
