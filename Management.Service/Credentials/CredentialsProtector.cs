using Microsoft.AspNetCore.DataProtection;

namespace VmsServices.Management.Credentials;

/// <summary>
/// Encrypts camera passwords for the database with ASP.NET Core Data Protection. Its own provider
/// (not the host's default one) keeps its keys in a directory of its own, so the same keys are found
/// after a restart and a copy of the database alone never opens a password. The purpose string ties
/// the payloads to this use: a payload protected for anything else does not unprotect here.
/// </summary>
public sealed class CredentialsProtector
{
    public const string ApplicationName = "VmsServices.Management";
    public const string Purpose = "VmsServices.Management.CameraCredentials.Password.v1";

    private readonly IDataProtector _protector;

    public CredentialsProtector(string keysDirectory)
    {
        Directory.CreateDirectory(keysDirectory);
        _protector = DataProtectionProvider.Create(new DirectoryInfo(keysDirectory), b => b.SetApplicationName(ApplicationName))
            .CreateProtector(Purpose);
    }

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>The clear password; a clear error (never the payload) when the keys that protected it are gone.</summary>
    public string Unprotect(string credentialsRef, string protectedPassword)
    {
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new Hosting.UnavailableException($"The stored password of credentials '{credentialsRef}' cannot be decrypted: the data protection keys it was stored with are missing (see Management:Credentials:KeysDirectory); store it again (PUT /api/credentials/{credentialsRef}).");
        }
    }
}
