using VmsServices.Hosting.Security;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// What membership of one directory group gives (<c>Management:Ldap:Groups:&lt;n&gt;</c>). A list rather
/// than a map keyed by DN, because a DN's '=' and ',' do not survive as a configuration key on the
/// command line or in an environment variable.
/// </summary>
public sealed class LdapGroupMapping
{
    /// <summary>The group's distinguished name; compared without regard to case or spaces around separators.</summary>
    public string Dn { get; set; } = "";

    /// <summary>The role the group gives; the highest role of all the user's groups wins. None: the group only limits devices.</summary>
    public VmsRole? Role { get; set; }

    /// <summary>
    /// Devices the group's members may see. A user in at least one group with devices is limited to the
    /// union of those groups' devices; a user in none sees all devices.
    /// </summary>
    public List<string> Devices { get; set; } = [];
}
