using System.Globalization;
using System.Security.Cryptography;
using VmsServices.SimCamera.Rtsp;

namespace VmsServices.SimCamera.Onvif.Auth;

/// <summary>
/// RFC 2617 Digest (MD5) on the HTTP layer of the ONVIF services. Nonces are issued per challenge and live
/// <see cref="NonceLifetime"/>; with qop="auth" each request must raise the nonce count (nc), and a nonce used
/// without qop (RFC 2069 form) is good for one request only, so a captured request cannot be replayed.
/// </summary>
internal sealed class HttpDigestVerifier(string user, string password, TimeProvider clock)
{
    public const string Realm = "SimCamera ONVIF";
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);
    private const int MaxOutstandingNonces = 10_000;

    // Expired nonces are kept as long again, so that a client using one hears stale=TRUE rather than a plain refusal.
    private readonly ExpiringCache<NonceState> _nonces = new(MaxOutstandingNonces);

    /// <summary>A WWW-Authenticate value with a fresh nonce.</summary>
    public string Challenge(bool stale)
    {
        var now = clock.GetUtcNow();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces.TryAdd(nonce, new NonceState(now), now + 2 * NonceLifetime, now);
        return $"Digest realm=\"{Realm}\", qop=\"auth\", nonce=\"{nonce}\", algorithm=MD5" + (stale ? ", stale=TRUE" : "");
    }

    public DigestVerdict Verify(string method, string requestUri, string? header)
    {
        if (header is null || !header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) return DigestVerdict.Missing;
        if (!DigestAuthorization.TryParse(header, Realm, out var digest) || digest.Uri != requestUri) return DigestVerdict.Invalid;
        var now = clock.GetUtcNow();
        var state = _nonces.Find(digest.Nonce, now);
        if (state is null || !digest.Matches(user, password, method)) return DigestVerdict.Invalid;
        if (now - state.IssuedUtc > NonceLifetime) return DigestVerdict.Stale;
        if (digest.Qop is null) return state.TryUseOnce() ? DigestVerdict.Valid : DigestVerdict.Replayed;
        if (!long.TryParse(digest.NonceCount, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count)) return DigestVerdict.Invalid;
        return state.TryAdvanceCount(count) ? DigestVerdict.Valid : DigestVerdict.Replayed;
    }

    private sealed class NonceState(DateTimeOffset issuedUtc)
    {
        private long _lastCount;

        public DateTimeOffset IssuedUtc { get; } = issuedUtc;

        /// <summary>True when <paramref name="count"/> is above every count seen with this nonce.</summary>
        public bool TryAdvanceCount(long count)
        {
            while (true)
            {
                var last = Interlocked.Read(ref _lastCount);
                if (count <= last) return false;
                if (Interlocked.CompareExchange(ref _lastCount, count, last) == last) return true;
            }
        }

        /// <summary>True the first time only (the RFC 2069 form has no count to raise).</summary>
        public bool TryUseOnce() => Interlocked.CompareExchange(ref _lastCount, long.MaxValue, 0) == 0;
    }
}
