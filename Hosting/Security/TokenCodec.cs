using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VmsServices.Hosting.Security;

/// <summary>
/// Compact JWS (RFC 7515) with ES256 (P-256, SHA-256) only: the format every JWT library reads, kept
/// to the few lines this project needs because no JWT package is restorable here. The algorithm is
/// fixed rather than read from the header, so "none" or an HMAC keyed by the public key can never be
/// chosen by whoever wrote the token.
/// </summary>
public static class TokenCodec
{
    public const string Issuer = "vms-management";

    /// <summary>Tokens are small; anything longer is refused before any decoding.</summary>
    public const int MaxLength = 4096;

    /// <summary>Clocks of the management and recording servers may disagree by this much.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int SignatureBytes = 64;

    public static string Sign(AccessToken token, ECDsa key, string keyId)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Header("ES256", "JWT", keyId), TokenJson.Default.Header));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(Payload.From(token), TokenJson.Default.Payload));
        var signingInput = $"{header}.{payload}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The token's claims when its signature, issuer and validity hold at <paramref name="now"/>; otherwise why not.</summary>
    public static async Task<TokenCheck> ValidateAsync(string? text, ITokenKeys keys, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text)) return TokenCheck.Refused("no token");
        if (text.Length > MaxLength) return TokenCheck.Refused("token too long");
        var parts = text.Split('.');
        if (parts.Length != 3) return TokenCheck.Refused("not a compact JWS");
        if (Decode(parts[0], TokenJson.Default.Header) is not { } header) return TokenCheck.Refused("malformed header");
        if (header.Alg != "ES256" || string.IsNullOrEmpty(header.Kid)) return TokenCheck.Refused("unsupported algorithm");
        if (!TryDecode(parts[2], out var signature) || signature.Length != SignatureBytes) return TokenCheck.Refused("malformed signature");

        var key = keys.Find(header.Kid);
        if (key is null)
        {
            await keys.RefreshAsync(ct);
            key = keys.Find(header.Kid);
        }
        if (key is null) return TokenCheck.Refused("unknown signing key");
        var signingInput = Encoding.ASCII.GetBytes(text, 0, parts[0].Length + 1 + parts[1].Length);
        if (!key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            return TokenCheck.Refused("bad signature");

        if (Decode(parts[1], TokenJson.Default.Payload) is not { } payload) return TokenCheck.Refused("malformed claims");
        if (payload.Iss != Issuer) return TokenCheck.Refused("wrong issuer");
        if (string.IsNullOrEmpty(payload.Sub) || string.IsNullOrEmpty(payload.Role) || string.IsNullOrEmpty(payload.Jti)) return TokenCheck.Refused("missing claims");
        var nowSeconds = now.ToUnixTimeSeconds();
        if (payload.Exp + (long)ClockSkew.TotalSeconds <= nowSeconds) return TokenCheck.Refused("expired");
        if (payload.Nbf - (long)ClockSkew.TotalSeconds > nowSeconds) return TokenCheck.Refused("not yet valid");
        try
        {
            return TokenCheck.Accepted(payload.ToToken()) with { KeyId = header.Kid };
        }
        catch (ArgumentOutOfRangeException)
        {
            return TokenCheck.Refused("times out of range");
        }
    }

    private static T? Decode<T>(string part, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        if (!TryDecode(part, out var bytes)) return null;
        try { return JsonSerializer.Deserialize(bytes, type); }
        catch (JsonException) { return null; }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(part)) return false;
        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }

    internal sealed record Header(
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("typ")] string? Typ,
        [property: JsonPropertyName("kid")] string? Kid);

    internal sealed record Payload(
        [property: JsonPropertyName("iss")] string? Iss,
        [property: JsonPropertyName("sub")] string? Sub,
        [property: JsonPropertyName("role")] string? Role,
        [property: JsonPropertyName("dev")] IReadOnlyList<string>? Dev,
        [property: JsonPropertyName("iat")] double Iat,
        [property: JsonPropertyName("nbf")] long Nbf,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("jti")] string? Jti)
    {
        // iat keeps milliseconds (RFC 7519 NumericDate may be fractional): a revocation of a user's
        // tokens must not also catch the token they are given right after it.
        public static Payload From(AccessToken t) => new(Issuer, t.Subject, t.Role, t.Devices,
            t.IssuedAt.ToUnixTimeMilliseconds() / 1000.0, t.IssuedAt.ToUnixTimeSeconds(), t.Expires.ToUnixTimeSeconds(), t.Id);

        public AccessToken ToToken() => new(Sub!, Role!, Dev,
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(Iat * 1000)), DateTimeOffset.FromUnixTimeSeconds(Exp), Jti!);
    }
}

/// <summary>The outcome of checking a token: its claims, or the reason it was refused (never the token itself).</summary>
public sealed record TokenCheck(AccessToken? Token, string? Failure)
{
    /// <summary>Id of the key that verified an accepted token.</summary>
    public string? KeyId { get; init; }

    public static TokenCheck Accepted(AccessToken token) => new(token, null);

    public static TokenCheck Refused(string reason) => new(null, reason);
}

[JsonSerializable(typeof(TokenCodec.Header))]
[JsonSerializable(typeof(TokenCodec.Payload))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class TokenJson : JsonSerializerContext;
