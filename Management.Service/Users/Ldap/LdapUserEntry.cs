namespace VmsServices.Management.Users.Ldap;

/// <summary>A user's entry as the directory returned it: its DN, the groups it lists and the names it carries.</summary>
internal sealed record LdapUserEntry(string Dn, IReadOnlyList<string> MemberOf, IReadOnlyList<string> Names)
{
    /// <summary>The attributes that may hold the name a user signs in with (OpenLDAP/POSIX, Active Directory).</summary>
    public static readonly string[] NameAttributes = ["uid", "sAMAccountName"];

    /// <summary>The name as the directory spells it ("Alice" typed, "alice" stored), so a user has one name whatever the case typed.</summary>
    public string CanonicalName(string typed) =>
        Names.FirstOrDefault(n => string.Equals(n, typed, StringComparison.OrdinalIgnoreCase)) ?? typed;
}
