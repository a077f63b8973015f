using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using VmsServices.Hosting.Security;

namespace VmsServices.Security.Tests;

/// <summary>The token format alone: what is accepted, what is refused and why, and that no input crashes it.</summary>
public sealed class TokenCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class Keys(ECDsa key) : ITokenKeys
    {
        public int Refreshes { get; private set; }

        public ECDsa? Find(string keyId) => keyId == TokenKeyId.Of(key) ? key : null;

        public Task RefreshAsync(CancellationToken ct)
        {
            Refreshes++;
            return Task.CompletedTask;
        }
    }

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string Sign(AccessToken token) => TokenCodec.Sign(token, _key, TokenKeyId.Of(_key));

    private static AccessToken Valid(IReadOnlyList<string>? devices = null) => new("alice", "Operator", devices, Now.AddMinutes(-1), Now.AddHours(1), "t1");

    private Task<TokenCheck> Check(string? token, DateTimeOffset? at = null) => TokenCodec.ValidateAsync(token, new Keys(_key), at ?? Now, CancellationToken.None);

    [Test]
    public async Task A_signed_token_gives_back_its_claims()
    {
        var check = await Check(Sign(Valid(["cam-1", "cam-2"])));
        Assert.That(check.Failure, Is.Null);
        Assert.That(check.Token!.Subject, Is.EqualTo("alice"));
        Assert.That(check.Token.Role, Is.EqualTo("Operator"));
        Assert.That(check.Token.Devices, Is.EqualTo(new[] { "cam-1", "cam-2" }));
        Assert.That(check.Token.Expires, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public async Task Expiry_and_not_before_allow_the_clock_skew_and_no_more()
    {
        var token = Sign(Valid());
        Assert.That((await Check(token, Now.AddHours(1) + TokenCodec.ClockSkew - TimeSpan.FromSeconds(1))).Failure, Is.Null);
        Assert.That((await Check(token, Now.AddHours(1) + TokenCodec.ClockSkew)).Failure, Is.EqualTo("expired"));
        Assert.That((await Check(token, Now.AddMinutes(-1) - TokenCodec.ClockSkew - TimeSpan.FromSeconds(1))).Failure, Is.EqualTo("not yet valid"));
    }

    [Test]
    public async Task A_token_of_an_unknown_key_asks_for_the_keys_again_once_then_is_refused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keys = new Keys(_key);
        var check = await TokenCodec.ValidateAsync(TokenCodec.Sign(Valid(), other, TokenKeyId.Of(other)), keys, Now, CancellationToken.None);
        Assert.That(check.Failure, Is.EqualTo("unknown signing key"));
        Assert.That(keys.Refreshes, Is.EqualTo(1));
    }

    [TestCase("alg none")]
    [TestCase("HS256 keyed with the public key")]
    [TestCase("claims changed")]
    [TestCase("signature of another key under this key id")]
    [TestCase("wrong issuer")]
    public async Task Forgeries_are_refused(string forgery)
    {
        var parts = Sign(Valid()).Split('.');
        string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var claims = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        var token = forgery switch
        {
            "alg none" => $"{Part($"{{\"alg\":\"none\",\"kid\":\"{TokenKeyId.Of(_key)}\"}}")}.{parts[1]}.",
            "HS256 keyed with the public key" => Hs256(Part($"{{\"alg\":\"HS256\",\"kid\":\"{TokenKeyId.Of(_key)}\"}}"), parts[1]),
            "claims changed" => $"{parts[0]}.{Part(claims.Replace("Operator", "Administrator"))}.{parts[2]}",
            "signature of another key under this key id" => OtherKeySameId(),
            _ => SignedClaims(claims.Replace("vms-management", "someone-else")),
        };
        Assert.That((await Check(token)).Token, Is.Null, forgery);
    }

    [Test]
    public async Task Malformed_tokens_are_refused_with_a_reason_and_never_throw()
    {
        // 100,000 inputs: random bytes, mutations of a valid token, and structural breakage.
        var valid = Sign(Valid());
        var random = new Random(8);
        for (var i = 0; i < 100_000; i++)
        {
            var input = (i % 4) switch
            {
                0 => RandomText(random, random.Next(0, 200)),
                1 => Mutate(valid, random),
                2 => string.Join('.', Enumerable.Range(0, random.Next(0, 6)).Select(_ => Base64Url.EncodeToString(RandomBytes(random, random.Next(0, 80))))),
                _ => valid[..random.Next(valid.Length)],
            };
            var check = await Check(input);
            if (check.Token is not null && input != valid) Assert.Fail($"accepted a malformed token: {input}");
            if (check.Token is null && check.Failure is null) Assert.Fail("refused without a reason");
        }
        Assert.That((await Check(new string('a', TokenCodec.MaxLength + 1))).Failure, Is.EqualTo("token too long"));
    }

    private static string Mutate(string token, Random random)
    {
        var chars = token.ToCharArray();
        for (var n = random.Next(1, 4); n > 0; n--) chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
        return new string(chars);
    }

    private static string RandomText(Random random, int length) => new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 0x2FF)).ToArray());

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private string Hs256(string header, string payload)
    {
        using var hmac = new HMACSHA256(_key.ExportSubjectPublicKeyInfo());
        return $"{header}.{payload}.{Base64Url.EncodeToString(hmac.ComputeHash(Encoding.ASCII.GetBytes($"{header}.{payload}")))}";
    }

    private string OtherKeySameId()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return TokenCodec.Sign(Valid(), other, TokenKeyId.Of(_key));
    }

    private string SignedClaims(string claims)
    {
        var header = Sign(Valid()).Split('.')[0];
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }
}
