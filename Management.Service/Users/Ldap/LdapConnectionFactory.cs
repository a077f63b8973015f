using System.DirectoryServices.Protocols;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Opens a connection to the directory, protected as <see cref="LdapSettings.Security"/> says and not
/// yet bound: LDAPv3, no referral chasing (a referral would send the bind to another server), every
/// step bounded by <see cref="LdapSettings.Timeout"/>. The server's certificate is verified as libldap
/// is configured on the machine: by default (TLS_REQCERT demand) against the trusted CAs, host name included.
/// </summary>
internal static class LdapConnectionFactory
{
    public static LdapConnection Open(LdapSettings settings)
    {
        var connection = LibLdapTimeouts.Create(settings.Timeout, () =>
            new LdapConnection(new LdapDirectoryIdentifier(settings.Host, settings.EffectivePort), null, AuthType.Basic));
        try
        {
            // Binds happen only where the sign-in asks for them, never implicitly before a request.
            connection.AutoBind = false;
            connection.Timeout = settings.Timeout;
            var options = connection.SessionOptions;
            options.ProtocolVersion = 3;
            options.ReferralChasing = ReferralChasingOptions.None;
            if (settings.Security != LdapSecurity.None && settings.TrustedCertificatesDirectory is { Length: > 0 } trusted && !OperatingSystem.IsWindows())
            {
                options.TrustedCertificatesDirectory = trusted;
                options.StartNewTlsSessionContext();
            }
            if (settings.Security == LdapSecurity.Ldaps) options.SecureSocketLayer = true;
            if (settings.Security == LdapSecurity.StartTls) StartTls(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// On Linux the connection is made (and the server's address applied) only by the first bind or
    /// request, so a StartTLS sent first would go to libldap's default host instead. An anonymous read
    /// of the root DSE (RFC 4512 section 5.1: no attributes asked, no credentials sent) opens the
    /// connection; then TLS starts, and only then does anything bind.
    /// </summary>
    private static void StartTls(LdapConnection connection)
    {
        try
        {
            connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "1.1"));
        }
        catch (DirectoryOperationException)
        {
            // The server answered (it may hide its root DSE from anonymous readers): the connection is open.
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                connection.SessionOptions.StartTransportLayerSecurity(null);
                return;
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.OperationsError && attempt < StartTlsAttempts)
            {
                // slapd refuses StartTLS while another operation of the connection is outstanding (RFC 4511
                // section 4.14.1), and it may still count the search above for a moment after answering it.
                // Nothing was negotiated yet: the connection is still plain, and asking again is safe.
                Thread.Sleep(StartTlsRetryDelay * attempt);
            }
        }
    }

    private const int StartTlsAttempts = 4;
    private static readonly TimeSpan StartTlsRetryDelay = TimeSpan.FromMilliseconds(25);
}
