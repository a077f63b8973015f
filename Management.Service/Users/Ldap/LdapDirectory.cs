using System.DirectoryServices.Protocols;
using System.Net;

namespace VmsServices.Management.Users.Ldap;

/// <summary>
/// One sign-in's conversation with the directory over one connection: bind as the service account,
/// find or read the user's entry, check the password by binding as the user, list the user's groups.
/// LDAP errors escape as they are; <see cref="LdapAuthenticator"/> decides what they mean.
/// </summary>
internal sealed class LdapDirectory(LdapSettings settings, LdapConnection connection) : IDisposable
{
    // RFC 4511 section 4.1.9: invalidCredentials.
    private const int InvalidCredentials = 49;

    public static LdapDirectory Open(LdapSettings settings) => new(settings, LdapConnectionFactory.Open(settings));

    /// <summary>
    /// Binds as the service account. Without one this does nothing: requests go out anonymously (no
    /// bind at all) before the user's bind, and with the user's rights after it.
    /// </summary>
    public void BindServiceAccount()
    {
        if (!string.IsNullOrEmpty(settings.BindDn)) connection.Bind(new NetworkCredential(settings.BindDn, settings.BindPassword));
    }

    /// <summary>
    /// True when the directory accepts the password for <paramref name="dn"/>; false for a wrong password
    /// or unknown DN. An empty password is never sent: many servers take it as an "unauthenticated
    /// bind" (RFC 4513 section 5.1.2) and answer success.
    /// </summary>
    public bool TryBindAs(string dn, string password)
    {
        if (string.IsNullOrEmpty(password)) return false;
        try
        {
            connection.Bind(new NetworkCredential(dn, password));
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            return false;
        }
    }

    /// <summary>Searches <see cref="LdapSettings.SearchBase"/> for the user; null when no entry or several match.</summary>
    public LdapUserEntry? FindUser(string userName, out int matches)
    {
        var filter = LdapEscape.Filter(settings.UserFilter, userName);
        var request = new SearchRequest(settings.SearchBase, filter, SearchScope.Subtree, UserAttributes()) { SizeLimit = 2 };
        SearchResultEntryCollection entries;
        try
        {
            entries = ((SearchResponse)connection.SendRequest(request)).Entries;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            matches = 2;
            return null;
        }
        matches = entries.Count;
        return entries.Count == 1 ? ToUser(entries[0]) : null;
    }

    /// <summary>Reads the entry at <paramref name="dn"/> (a user reading their own entry after binding).</summary>
    public LdapUserEntry? ReadUser(string dn)
    {
        var request = new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, UserAttributes());
        var entries = ((SearchResponse)connection.SendRequest(request)).Entries;
        return entries.Count == 1 ? ToUser(entries[0]) : null;
    }

    /// <summary>The DNs of the user's groups: the entry's member-of attribute and/or a search of <see cref="LdapSettings.GroupSearchBase"/>.</summary>
    public IReadOnlyList<string> GroupsOf(LdapUserEntry user, string userName)
    {
        var groups = new List<string>(user.MemberOf);
        if (string.IsNullOrEmpty(settings.GroupSearchBase)) return groups;
        var filter = LdapEscape.Filter(settings.GroupFilter, user.Dn, userName);
        // "1.1": no attributes, only the DNs (RFC 4511 section 4.5.1.8).
        var request = new SearchRequest(settings.GroupSearchBase, filter, SearchScope.Subtree, "1.1");
        foreach (SearchResultEntry entry in ((SearchResponse)connection.SendRequest(request)).Entries) groups.Add(entry.DistinguishedName);
        return groups;
    }

    public void Dispose() => connection.Dispose();

    private string[] UserAttributes() =>
        string.IsNullOrEmpty(settings.MemberOfAttribute) ? LdapUserEntry.NameAttributes : [.. LdapUserEntry.NameAttributes, settings.MemberOfAttribute];

    private LdapUserEntry ToUser(SearchResultEntry entry)
    {
        var memberOf = string.IsNullOrEmpty(settings.MemberOfAttribute) ? [] : Values(entry, settings.MemberOfAttribute);
        var names = LdapUserEntry.NameAttributes.SelectMany(a => Values(entry, a)).ToList();
        return new LdapUserEntry(entry.DistinguishedName, memberOf, names);
    }

    private static List<string> Values(SearchResultEntry entry, string attribute) =>
        entry.Attributes.Contains(attribute) ? [.. entry.Attributes[attribute].GetValues(typeof(string)).Cast<string>()] : [];
}
