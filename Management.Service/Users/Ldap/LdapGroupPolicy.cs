using VmsServices.Hosting.Security;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// Turns the groups a directory says a user is in into what the user may do, per
/// <see cref="LdapSettings.Groups"/>: the highest role of the mapped groups, and the union of their
/// devices when any of them limits devices. No mapped group with a role: no identity.
/// </summary>
public sealed class LdapGroupPolicy
{
    private readonly Dictionary<string, LdapGroupMapping> _byDn = new(StringComparer.Ordinal);

    public LdapGroupPolicy(IEnumerable<LdapGroupMapping> groups)
    {
        // Unparsable DNs are reported by LdapSettingsValidator at start; here they simply match nothing.
        foreach (var group in groups)
            if (LdapDn.Normalize(group.Dn) is { } dn) _byDn.TryAdd(dn, group);
    }

    public ExternalIdentity? IdentityFor(string userName, IEnumerable<string> groupDns)
    {
        VmsRole? role = null;
        SortedSet<string>? devices = null;
        foreach (var dn in groupDns)
        {
            if (LdapDn.Normalize(dn) is not { } normalized || !_byDn.TryGetValue(normalized, out var group)) continue;
            if (group.Role is { } groupRole && (role is null || groupRole > role)) role = groupRole;
            if (group.Devices.Count == 0) continue;
            devices ??= new SortedSet<string>(StringComparer.Ordinal);
            devices.UnionWith(group.Devices);
        }
        return role is { } granted ? new ExternalIdentity(userName, granted, devices?.ToList()) : null;
    }
}
