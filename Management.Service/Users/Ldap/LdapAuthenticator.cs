using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Options;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Sign-in against the site's directory (issue #8): search-then-bind with a service account (or a
/// direct bind through <see cref="LdapSettings.UserDnTemplate"/>), then the user's groups give the
/// role and devices (<see cref="LdapGroupPolicy"/>). A wrong password, an unknown or ambiguous user
/// and a user in no mapped group all answer null; a directory that cannot be reached, times out or
/// refuses the service account throws <see cref="DirectoryUnavailableException"/>. The password is
/// never logged.
/// </summary>
public sealed class LdapAuthenticator : IExternalAuthenticator
{
    public const int MaxUserNameLength = 256;
    public const int MaxPasswordLength = 1024;

    private const string Connecting = "connecting";
    private const string StartingTls = "connecting and starting TLS";
    private const string BindingServiceAccount = "binding as the service account";
    private const string SearchingUser = "searching for the user under SearchBase";
    private const string CheckingPassword = "checking the password";
    private const string ReadingUser = "reading the user's entry";
    private const string ReadingGroups = "reading the user's groups";

    private readonly LdapSettings _settings;
    private readonly LdapGroupPolicy _policy;
    private readonly ILogger<LdapAuthenticator> _log;

    public LdapAuthenticator(IOptions<LdapSettings> options, ILogger<LdapAuthenticator> log)
    {
        _settings = options.Value;
        _policy = new LdapGroupPolicy(_settings.Groups);
        _log = log;
    }

    public async Task<ExternalIdentity?> AuthenticateAsync(string userName, string password, CancellationToken ct)
    {
        if (RefusedUnasked(userName, password) is { } reason) return Refused(userName, reason);
        ct.ThrowIfCancellationRequested();
        // libldap's calls block; each is bounded by Timeout. A caller that gives up stops waiting at once.
        return await Task.Run(() => Authenticate(userName, password), CancellationToken.None).WaitAsync(ct);
    }

    /// <summary>Input refused before anything reaches the network. An empty password above all: many servers treat a bind with one as anonymous and answer success.</summary>
    private static string? RefusedUnasked(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > MaxUserNameLength || userName.Any(char.IsControl))
            return "not a user name (empty, too long or with control characters)";
        if (string.IsNullOrEmpty(password)) return "empty password";
        return password.Length > MaxPasswordLength ? "password too long" : null;
    }

    private ExternalIdentity? Authenticate(string userName, string password)
    {
        var step = _settings.Security == LdapSecurity.StartTls ? StartingTls : Connecting;
        try
        {
            using var directory = LdapDirectory.Open(_settings);
            LdapUserEntry? user;
            if (_settings.UserDnTemplate is { Length: > 0 } template)
            {
                step = CheckingPassword;
                var dn = template.Replace("{0}", LdapEscape.DnValue(userName), StringComparison.Ordinal);
                if (!directory.TryBindAs(dn, password)) return Refused(userName, "wrong password or unknown user");
                step = BindingServiceAccount;
                directory.BindServiceAccount();
                step = ReadingUser;
                user = directory.ReadUser(dn);
                if (user is null) return Refused(userName, "the user's entry cannot be read");
            }
            else
            {
                step = BindingServiceAccount;
                directory.BindServiceAccount();
                step = SearchingUser;
                user = directory.FindUser(userName, out var matches);
                if (user is null) return Refused(userName, matches == 0 ? "no such user" : "several entries match UserFilter");
                step = CheckingPassword;
                if (!directory.TryBindAs(user.Dn, password)) return Refused(userName, "wrong password");
                // The groups are read with the service account's rights, as the user was found.
                step = BindingServiceAccount;
                directory.BindServiceAccount();
            }
            step = ReadingGroups;
            var name = user.CanonicalName(userName);
            return _policy.IdentityFor(name, directory.GroupsOf(user, name))
                ?? Refused(userName, "none of the user's groups is mapped to a role in Management:Ldap:Groups");
        }
        catch (Exception e) when (e is DirectoryException or DllNotFoundException or TypeInitializationException { InnerException: DllNotFoundException })
        {
            var unavailable = new DirectoryUnavailableException(Explain(step, e), e);
            _log.LogWarning("LDAP sign-in of {UserName} could not be checked: {Reason}", userName, unavailable.Message);
            throw unavailable;
        }
    }

    private string Explain(string step, Exception e)
    {
        var directory = $"The directory {_settings.Describe()}";
        return e switch
        {
            LdapException { ErrorCode: 49 } when step == BindingServiceAccount =>
                $"{directory} refused the service account: check Management:Ldap:BindDn and BindPassword.",
            // 85: LDAP_TIMEOUT (client side).
            LdapException { ErrorCode: 85 } => $"{directory} did not answer within {_settings.Timeout} while {step}.",
            // 81: LDAP_SERVER_DOWN, 91: LDAP_CONNECT_ERROR; with TLS also what a refused certificate gives.
            LdapException { ErrorCode: 81 or 91 } => _settings.Security == LdapSecurity.None
                ? $"{directory} cannot be reached."
                : $"{directory} cannot be reached, or the TLS handshake failed (is its certificate trusted and issued for that host name?).",
            LdapException ldap => $"{directory} failed while {step}: {ldap.Message} (LDAP error {ldap.ErrorCode}){ServerMessage(ldap.ServerErrorMessage)}",
            DirectoryOperationException { Response: { } response } =>
                $"{directory} failed while {step}: {response.ResultCode}{ServerMessage(response.ErrorMessage)}",
            DllNotFoundException or TypeInitializationException => "OpenLDAP's client library (libldap, Debian package libldap-2.5-0) is not installed on this server.",
            _ => $"{directory} failed while {step}: {e.Message}",
        };
    }

    private static string ServerMessage(string? message) => string.IsNullOrWhiteSpace(message) ? "" : $" ({message.Trim()})";

    private ExternalIdentity? Refused(string? userName, string reason)
    {
        _log.LogInformation("LDAP sign-in of {UserName} refused: {Reason}", userName, reason);
        return null;
    }
}
