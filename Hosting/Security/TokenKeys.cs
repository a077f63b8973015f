using System.Security.Cryptography;

namespace VmsServices.Hosting.Security;

/// <summary>
/// The public keys that verify tokens, by key id. The management server holds the private key; a
/// recording server learns the public keys over the bus (<see cref="RefreshAsync"/> when a token
/// names a key it does not know, which is how a rotated key reaches it).
/// </summary>
public interface ITokenKeys
{
    ECDsa? Find(string keyId);

    Task RefreshAsync(CancellationToken ct);
}

/// <summary>Key id of a public key: the start of the SHA-256 of its SubjectPublicKeyInfo, base64url.</summary>
public static class TokenKeyId
{
    public static string Of(ECDsa key) =>
        System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
}
