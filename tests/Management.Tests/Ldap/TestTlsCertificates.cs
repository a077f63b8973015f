using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>
/// A throwaway CA and a server certificate it signed for 127.0.0.1, written as PEM files for slapd,
/// plus a directory holding only the CA (what a site puts in TrustedCertificatesDirectory) and one
/// holding an unrelated CA (a directory that does not trust the server).
/// </summary>
public sealed class TestTlsCertificates
{
    private TestTlsCertificates(string directory)
    {
        CertificateFile = Path.Combine(directory, "server.pem");
        KeyFile = Path.Combine(directory, "server.key");
        CaFile = Path.Combine(directory, "ca", "ca.pem");
        TrustedDirectory = Path.Combine(directory, "ca");
        UntrustedDirectory = Path.Combine(directory, "other-ca");
    }

    public string CertificateFile { get; }
    public string KeyFile { get; }
    public string CaFile { get; }
    public string TrustedDirectory { get; }
    public string UntrustedDirectory { get; }

    public static TestTlsCertificates WriteTo(string directory)
    {
        var files = new TestTlsCertificates(directory);
        Directory.CreateDirectory(files.TrustedDirectory);
        Directory.CreateDirectory(files.UntrustedDirectory);
        using var caKey = RSA.Create(2048);
        using var ca = CreateCa("CN=VmsServices test CA", caKey);
        using var otherKey = RSA.Create(2048);
        using var other = CreateCa("CN=Some other CA", otherKey);
        using var serverKey = RSA.Create(2048);
        using var server = CreateServerCertificate(ca, serverKey);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(files.UntrustedDirectory, "other.pem"), other.ExportCertificatePem());
        File.WriteAllText(files.CertificateFile, server.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return files;
    }

    private static X509Certificate2 CreateCa(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca, RSA key)
    {
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
    }
}
