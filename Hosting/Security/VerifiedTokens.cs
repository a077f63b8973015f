using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VmsServices.Hosting.Security;

/// <summary>
/// Tokens whose signature has already been checked. An ES256 verification costs about 80 µs on a
/// small server, the largest part of authenticating a request, and a proxied segment pays it twice
/// (current and holding recording server) for every segment of a playback; a client sends the same
/// token for hours. A hit still re-checks what can change: expiry against the clock, and that the
/// key that verified it is still the key of its id (a refreshed or withdrawn key misses). Revocation
/// is checked by the caller on every request, hit or not. Bounded: emptied when full.
/// </summary>
public sealed class VerifiedTokens(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, Entry> _verified = new(StringComparer.Ordinal);

    public int Count => _verified.Count;

    public async Task<TokenCheck> ValidateAsync(string? text, ITokenKeys keys, DateTimeOffset now, CancellationToken ct)
    {
        if (text is not null && _verified.TryGetValue(text, out var hit) && ReferenceEquals(keys.Find(hit.KeyId), hit.Key))
        {
            if (hit.Token.Expires + TokenCodec.ClockSkew > now) return TokenCheck.Accepted(hit.Token);
            _verified.TryRemove(text, out _);
            return TokenCheck.Refused("expired");
        }
        var check = await TokenCodec.ValidateAsync(text, keys, now, ct);
        if (check is { Token: { } token, KeyId: { } keyId } && keys.Find(keyId) is { } key)
        {
            if (_verified.Count >= capacity) _verified.Clear();
            _verified[text!] = new Entry(token, keyId, key);
        }
        return check;
    }

    private sealed record Entry(AccessToken Token, string KeyId, ECDsa Key);
}
