using System.Security.Cryptography;
using VmsServices.Hosting.Security;

namespace VmsServices.Management.Tokens;

/// <summary>
/// The management server's token signing key (ECDSA P-256), a PKCS#8 file readable only by the
/// service account, in the same keys directory as the camera credentials' keys. Made on first start;
/// written to a temporary file and renamed, so a crash never leaves half a key. Losing it only means
/// that every user signs in again.
/// </summary>
public sealed class SigningKey : ITokenKeys
{
    public const string FileName = "token-signing-key.p8";

    public SigningKey(string keysDirectory)
    {
        Directory.CreateDirectory(keysDirectory);
        var path = Path.Combine(keysDirectory, FileName);
        Key = ECDsa.Create();
        if (File.Exists(path))
        {
            Key.ImportPkcs8PrivateKey(File.ReadAllBytes(path), out _);
        }
        else
        {
            Key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Write(path, Key.ExportPkcs8PrivateKey());
        }
        KeyId = TokenKeyId.Of(Key);
        PublicKey = Key.ExportSubjectPublicKeyInfo();
    }

    public ECDsa Key { get; }

    public string KeyId { get; }

    /// <summary>SubjectPublicKeyInfo (DER), what recording servers are given to verify tokens.</summary>
    public byte[] PublicKey { get; }

    public ECDsa? Find(string keyId) => keyId == KeyId ? Key : null;

    public Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;

    private static void Write(string path, byte[] pkcs8)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(pkcs8);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
