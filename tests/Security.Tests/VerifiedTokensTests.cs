using System.Security.Cryptography;
using VmsServices.Hosting.Security;

namespace VmsServices.Security.Tests;

/// <summary>The cache of verified signatures must never accept what the codec alone would refuse.</summary>
public sealed class VerifiedTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Keys whose object for an id can be swapped, as a refresh from the management server does.</summary>
    private sealed class SwappableKeys(ECDsa key) : ITokenKeys
    {
        public ECDsa Current { get; set; } = key;
        public string Id { get; } = TokenKeyId.Of(key);
        public int Finds { get; private set; }

        public ECDsa? Find(string keyId)
        {
            Finds++;
            return keyId == Id ? Current : null;
        }

        public Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string Token(string id = "t1", TimeSpan? lifetime = null) =>
        TokenCodec.Sign(new AccessToken("alice", "Viewer", null, Now.AddMinutes(-1), Now + (lifetime ?? TimeSpan.FromHours(1)), id), _key, TokenKeyId.Of(_key));

    [Test]
    public async Task A_verified_token_is_accepted_again_with_the_same_claims()
    {
        var cache = new VerifiedTokens();
        var keys = new SwappableKeys(_key);
        var token = Token();
        var first = await cache.ValidateAsync(token, keys, Now, CancellationToken.None);
        var findsBefore = keys.Finds;
        var second = await cache.ValidateAsync(token, keys, Now.AddMinutes(5), CancellationToken.None);
        Assert.That(first.Token, Is.Not.Null);
        Assert.That(second.Token, Is.EqualTo(first.Token));
        Assert.That(keys.Finds - findsBefore, Is.EqualTo(1), "a hit only confirms its key; the codec (header, key, signature) is not run again");
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_cached_token_still_expires()
    {
        var cache = new VerifiedTokens();
        var keys = new SwappableKeys(_key);
        var token = Token(lifetime: TimeSpan.FromMinutes(10));
        Assert.That((await cache.ValidateAsync(token, keys, Now, CancellationToken.None)).Token, Is.Not.Null);
        var late = await cache.ValidateAsync(token, keys, Now.AddMinutes(10) + TokenCodec.ClockSkew, CancellationToken.None);
        Assert.That(late.Failure, Is.EqualTo("expired"));
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public async Task A_cached_token_is_verified_again_when_its_key_changed()
    {
        var cache = new VerifiedTokens();
        var keys = new SwappableKeys(_key);
        var token = Token();
        Assert.That((await cache.ValidateAsync(token, keys, Now, CancellationToken.None)).Token, Is.Not.Null);
        // The same key id now stands for another key (withdrawn and replaced): the signature no longer holds.
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        keys.Current = other;
        Assert.That((await cache.ValidateAsync(token, keys, Now, CancellationToken.None)).Failure, Is.EqualTo("bad signature"));
    }

    [Test]
    public async Task Refused_tokens_are_not_cached_and_a_changed_byte_is_no_hit()
    {
        var cache = new VerifiedTokens();
        var keys = new SwappableKeys(_key);
        var token = Token();
        Assert.That((await cache.ValidateAsync(token, keys, Now, CancellationToken.None)).Token, Is.Not.Null);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.That((await cache.ValidateAsync(tampered, keys, Now, CancellationToken.None)).Token, Is.Null);
        Assert.That((await cache.ValidateAsync("garbage", keys, Now, CancellationToken.None)).Token, Is.Null);
        Assert.That((await cache.ValidateAsync(null, keys, Now, CancellationToken.None)).Failure, Is.EqualTo("no token"));
        Assert.That(cache.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task The_cache_stays_within_its_capacity()
    {
        var cache = new VerifiedTokens(capacity: 8);
        var keys = new SwappableKeys(_key);
        for (var i = 0; i < 20; i++)
            Assert.That((await cache.ValidateAsync(Token($"t{i}"), keys, Now, CancellationToken.None)).Token, Is.Not.Null);
        Assert.That(cache.Count, Is.InRange(1, 8));
    }
}
