using Microsoft.Extensions.Options;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Checks <see cref="LdapSettings"/> when the server starts, so that a mistake shows there, named by
/// its setting, instead of as every user's failed sign-in.
/// </summary>
public sealed class LdapSettingsValidator : IValidateOptions<LdapSettings>
{
    public ValidateOptionsResult Validate(string? name, LdapSettings options)
    {
        var problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IReadOnlyList<string> Problems(LdapSettings s)
    {
        var problems = new List<string>();
        if (!s.Enabled) return problems;
        void Check(bool ok, string problem)
        {
            if (!ok) problems.Add($"{LdapSettings.Section}:{problem}");
        }

        Check(!s.Host!.Contains("://") && !s.Host.Contains(':') && !s.Host.Any(char.IsWhiteSpace),
            "Host is a host name or IPv4 address, without scheme or port (Port and Security say those).");
        Check(s.Port is null or (> 0 and <= 65535), "Port must be between 1 and 65535.");
        Check(Enum.IsDefined(s.Security), "Security must be None, StartTls or Ldaps.");
        Check(s.Timeout > TimeSpan.Zero && s.Timeout <= TimeSpan.FromMinutes(5), "Timeout must be more than zero and at most 00:05:00.");
        CheckTrustedCertificates(s, Check);
        CheckAccount(s, Check);
        CheckUserLookup(s, Check);
        CheckGroups(s, Check);
        return problems;
    }

    private static void CheckTrustedCertificates(LdapSettings s, Action<bool, string> check)
    {
        if (string.IsNullOrEmpty(s.TrustedCertificatesDirectory)) return;
        check(!OperatingSystem.IsWindows(), "TrustedCertificatesDirectory is not supported on Windows: put the CA in the machine's Trusted Root store.");
        check(Directory.Exists(s.TrustedCertificatesDirectory), $"TrustedCertificatesDirectory '{s.TrustedCertificatesDirectory}' does not exist.");
        check(s.Security != LdapSecurity.None, "TrustedCertificatesDirectory is set but Security is None: use StartTls or Ldaps.");
    }

    private static void CheckAccount(LdapSettings s, Action<bool, string> check)
    {
        // A DN with an empty password is an "unauthenticated bind" (RFC 4513 section 5.1.2): it
        // succeeds on many servers with anonymous rights, which would hide the mistake.
        check(string.IsNullOrEmpty(s.BindDn) || !string.IsNullOrEmpty(s.BindPassword), "BindPassword is required with BindDn.");
        check(!string.IsNullOrEmpty(s.BindDn) || string.IsNullOrEmpty(s.BindPassword), "BindPassword is set without BindDn.");
        check(string.IsNullOrEmpty(s.BindDn) || LdapDn.Normalize(s.BindDn) is not null, "BindDn is not a distinguished name.");
    }

    private static void CheckUserLookup(LdapSettings s, Action<bool, string> check)
    {
        if (!string.IsNullOrEmpty(s.UserDnTemplate))
        {
            check(s.UserDnTemplate.Contains("{0}") && LdapDn.Normalize(s.UserDnTemplate.Replace("{0}", "x")) is not null,
                "UserDnTemplate must be a DN containing {0}, e.g. uid={0},ou=people,dc=example,dc=org.");
            return;
        }
        check(LdapDn.Normalize(s.SearchBase) is not null, "SearchBase (where users are searched) is required, unless UserDnTemplate is set.");
        check(IsFilter(s.UserFilter) && s.UserFilter.Contains("{0}"), "UserFilter must be a parenthesized filter containing {0}.");
    }

    private static void CheckGroups(LdapSettings s, Action<bool, string> check)
    {
        check(!string.IsNullOrEmpty(s.MemberOfAttribute) || !string.IsNullOrEmpty(s.GroupSearchBase),
            "MemberOfAttribute or GroupSearchBase is required: otherwise no user's groups can be known.");
        if (!string.IsNullOrEmpty(s.GroupSearchBase))
        {
            check(LdapDn.Normalize(s.GroupSearchBase) is not null, "GroupSearchBase is not a distinguished name.");
            check(IsFilter(s.GroupFilter) && (s.GroupFilter.Contains("{0}") || s.GroupFilter.Contains("{1}")),
                "GroupFilter must be a parenthesized filter containing {0} (the user's DN) or {1} (the user name).");
        }
        check(s.Groups.Any(g => g.Role is not null), "Groups must map at least one group to a Role (Viewer, Operator or Administrator): otherwise nobody can sign in.");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s.Groups.Count; i++)
        {
            var group = s.Groups[i];
            if (LdapDn.Normalize(group.Dn) is not { } dn)
            {
                check(false, $"Groups:{i}:Dn '{group.Dn}' is not a distinguished name.");
                continue;
            }
            check(seen.TryAdd(dn, i), $"Groups:{i}:Dn names the same group as Groups:{seen.GetValueOrDefault(dn)}:Dn.");
            check(group.Role is null || Enum.IsDefined(group.Role.Value), $"Groups:{i}:Role must be Viewer, Operator or Administrator.");
            check(group.Role is not null || group.Devices.Count > 0, $"Groups:{i} gives neither a Role nor Devices.");
            check(group.Devices.All(d => !string.IsNullOrWhiteSpace(d)), $"Groups:{i}:Devices holds an empty device id.");
        }
    }

    private static bool IsFilter(string? filter) => filter is { Length: > 2 } && filter[0] == '(' && filter[^1] == ')';
}
