using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmsServices.Operations.Tests.Https;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 and localhost, written to a directory in the
/// forms the services read: a password-protected PFX, the certificate as PEM (what a peer trusts)
/// and the private key as PEM (for Certificate:Path + Certificate:KeyPath).
/// </summary>
public sealed class SelfSignedCertificate
{
    private SelfSignedCertificate(X509Certificate2 certificate, string pfxPath, string password, string pemPath, string keyPath)
    {
        Certificate = certificate;
        PfxPath = pfxPath;
        Password = password;
        PemPath = pemPath;
        KeyPath = keyPath;
    }

    /// <summary>The public certificate (no private key).</summary>
    public X509Certificate2 Certificate { get; }
    public string PfxPath { get; }
    public string Password { get; }
    public string PemPath { get; }
    public string KeyPath { get; }

    public static SelfSignedCertificate Create(string directory, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var pfxPath = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(pfxPath, withKey.Export(X509ContentType.Pfx, password));
        var pemPath = Path.Combine(directory, name + ".crt");
        File.WriteAllText(pemPath, withKey.ExportCertificatePem());
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new(X509CertificateLoader.LoadCertificate(withKey.RawData), pfxPath, password, pemPath, keyPath);
    }
}
