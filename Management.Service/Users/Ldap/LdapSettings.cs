namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Sign-in against a site's LDAP directory or Active Directory (<c>Management:Ldap</c>), off unless
/// <see cref="Host"/> is set. A user is found by a search under <see cref="SearchBase"/> (as the
/// service account <see cref="BindDn"/>), or, with <see cref="UserDnTemplate"/>, named directly;
/// the password is checked by binding as that user; the user's groups give the role and devices.
/// </summary>
public sealed class LdapSettings
{
    public const string Section = "Management:Ldap";
    public const string DefaultUserFilter = "(|(uid={0})(sAMAccountName={0}))";
    public const string DefaultGroupFilter = "(member={0})";

    /// <summary>The directory server's host name or IPv4 address. Empty: LDAP sign-in is off.</summary>
    public string? Host { get; set; }

    /// <summary>Default 389, or 636 with <see cref="LdapSecurity.Ldaps"/>.</summary>
    public int? Port { get; set; }

    public LdapSecurity Security { get; set; } = LdapSecurity.None;

    /// <summary>
    /// A directory of PEM CA certificates the server's certificate must chain to (Linux). Unset: the
    /// system's trust (TLS_CACERT of /etc/ldap/ldap.conf). The certificate and host name are checked
    /// unless the machine's ldap.conf says otherwise (TLS_REQCERT).
    /// </summary>
    public string? TrustedCertificatesDirectory { get; set; }

    /// <summary>The service account that searches for users. Unset: the search is anonymous.</summary>
    public string? BindDn { get; set; }

    /// <summary>The service account's password; never logged.</summary>
    public string? BindPassword { get; set; }

    /// <summary>Where users are searched (whole subtree).</summary>
    public string? SearchBase { get; set; }

    /// <summary>The search for a user; {0} is the user name, escaped (RFC 4515). Must match exactly one entry.</summary>
    public string UserFilter { get; set; } = DefaultUserFilter;

    /// <summary>
    /// Instead of a search, bind directly as this DN, {0} being the user name escaped (RFC 4514), e.g.
    /// "uid={0},ou=people,dc=example,dc=org"; the user then reads their own entry and groups.
    /// </summary>
    public string? UserDnTemplate { get; set; }

    /// <summary>The user entry's attribute listing its groups (Active Directory, OpenLDAP's memberof overlay). Empty: not read.</summary>
    public string? MemberOfAttribute { get; set; } = "memberOf";

    /// <summary>Where groups are searched for the user (OpenLDAP without the memberof overlay). Unset: no group search.</summary>
    public string? GroupSearchBase { get; set; }

    /// <summary>
    /// The group search; {0} is the user's DN, {1} the user name, both escaped (RFC 4515). Active
    /// Directory's nested groups: "(member:1.2.840.113556.1.4.1941:={0})".
    /// </summary>
    public string GroupFilter { get; set; } = DefaultGroupFilter;

    /// <summary>Which groups give which role and devices. A user in no group with a role cannot sign in.</summary>
    public List<LdapGroupMapping> Groups { get; set; } = [];

    /// <summary>The longest any one step (connect, TLS, bind, search) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int EffectivePort => Port ?? (Security == LdapSecurity.Ldaps ? 636 : 389);

    /// <summary>"host:port (security)", for messages; holds no account or password.</summary>
    public string Describe() => $"{Host}:{EffectivePort} ({Security})";
}
