using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VmsServices.Hosting.Http;

/// <summary>
/// Which HTTPS certificates the clients that call other servers accept (recording servers
/// fetching segments from their peers, the management server forwarding to recording servers).
/// What the system trust store accepts, as for any client, and with <see cref="TrustedCertificatePathKey"/>
/// also certificates that chain to a certificate in that file: a site CA, or a peer's
/// self-signed certificate. Never anything else: the host name must match and the certificate
/// must be valid for server authentication either way.
/// </summary>
public static class PeerTrust
{
    public const string TrustedCertificatePathKey = "Http:TrustedCertificatePath";

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1"; // RFC 5280 section 4.2.1.12, id-kp-serverAuth

    /// <summary>
    /// Adds the trusted certificates of <paramref name="configuration"/> to a client whose primary
    /// handler is a <see cref="SocketsHttpHandler"/>. The file is read here, at start-up, so that a
    /// wrong path stops the service with its reason instead of failing its first peer call.
    /// </summary>
    public static IHttpClientBuilder TrustVmsPeers(this IHttpClientBuilder builder, IConfiguration configuration)
    {
        var path = configuration[TrustedCertificatePathKey];
        if (string.IsNullOrWhiteSpace(path)) return builder;
        var roots = Load(path);
        return builder.ConfigurePrimaryHttpMessageHandler((handler, _) =>
        {
            if (handler is not SocketsHttpHandler sockets)
                throw new InvalidOperationException($"HTTP client '{builder.Name}': {TrustedCertificatePathKey} needs a SocketsHttpHandler.");
            sockets.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Accepts(roots, certificate, chain, errors);
        });
    }

    /// <summary>The certificates of a PEM file (one or more CERTIFICATE blocks) or of a DER file.</summary>
    public static X509Certificate2Collection Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{TrustedCertificatePathKey}: the file '{path}' does not exist.");
        var certificates = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN", StringComparison.Ordinal))
                certificates.ImportFromPemFile(path);
            else
                certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{TrustedCertificatePathKey}: '{path}' is not a PEM or DER certificate ({e.Message}).", e);
        }
        if (certificates.Count == 0)
            throw new InvalidOperationException($"{TrustedCertificatePathKey}: '{path}' holds no CERTIFICATE block.");
        return certificates;
    }

    /// <summary>
    /// The system's verdict, except that a chain the system does not trust is built again with
    /// <paramref name="roots"/> as the only trust anchors. A missing certificate or a host name
    /// mismatch is never forgiven.
    /// </summary>
    public static bool Accepts(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthenticationOid));
        // A site CA or a self-signed certificate rarely publishes revocation lists; revoking one
        // means removing it from the trusted file.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediates the peer sent (the system's chain holds them) may sit between it and the root.
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
