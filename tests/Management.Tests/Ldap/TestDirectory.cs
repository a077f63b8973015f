using System.Text;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>
/// The people and groups loaded into the test slapd (dc=example,dc=org). Groups are groupOfNames,
/// added after the people so that the memberof overlay writes each user's memberOf.
/// </summary>
public static class TestDirectory
{
    public const string Suffix = "dc=example,dc=org";
    public const string RootDn = "cn=admin,dc=example,dc=org";
    public const string RootPassword = "root-secret";
    public const string People = "ou=people,dc=example,dc=org";
    public const string GroupsBase = "ou=groups,dc=example,dc=org";
    public const string ServiceDn = "cn=vms-service,ou=services,dc=example,dc=org";
    public const string ServicePassword = "service-secret";

    /// <summary>A name with every character RFC 4515 escapes in a filter but NUL.</summary>
    public const string FilterSpecialName = @"st*r (1)\x";

    /// <summary>A name with characters RFC 4514 escapes in a DN.</summary>
    public const string DnSpecialName = "smith, jr+1";

    /// <summary>A password outside ASCII: it must reach the server as UTF-8, whole.</summary>
    public const string UlrichPassword = "Grüße-✓";

    public static string PasswordOf(string user) => user == "ulrich" ? UlrichPassword : $"{user}-secret";

    public static string Ldif => $$"""
        dn: {{Suffix}}
        objectClass: dcObject
        objectClass: organization
        o: Example
        dc: example

        dn: {{People}}
        objectClass: organizationalUnit
        ou: people

        dn: {{GroupsBase}}
        objectClass: organizationalUnit
        ou: groups

        dn: ou=services,{{Suffix}}
        objectClass: organizationalUnit
        ou: services

        dn: {{ServiceDn}}
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: vms-service
        userPassword: {{ServicePassword}}

        {{Person("alice")}}
        {{Person("oscar")}}
        {{Person("vera")}}
        {{Person("nadia")}}
        {{Person("dora")}}
        {{Person("uma")}}
        {{Person("devon")}}
        {{Person("ulrich")}}
        {{Person(FilterSpecialName)}}
        {{Person(DnSpecialName)}}
        {{Group("admins", "alice")}}
        {{Group("operators", "oscar")}}
        {{Group("viewers", "vera", "dora", "ulrich", FilterSpecialName, DnSpecialName)}}
        {{Group("lobby-cameras", "dora", "devon")}}
        {{Group("staff", "uma")}}
        """;

    /// <summary>The DN, escaped by hand (RFC 4514) rather than by the code under test.</summary>
    public static string UserDn(string uid) => uid switch
    {
        FilterSpecialName => $@"uid=st*r (1)\\x,{People}",
        DnSpecialName => $@"uid=smith\, jr\+1,{People}",
        _ => $"uid={uid},{People}",
    };

    public static string GroupDn(string cn) => $"cn={cn},{GroupsBase}";

    // Values are written base64 ("::", RFC 2849) so that any character survives the LDIF.
    private static string Person(string uid) => $"""
        dn:: {Base64(UserDn(uid))}
        objectClass: inetOrgPerson
        uid:: {Base64(uid)}
        cn:: {Base64(uid)}
        sn: Test
        userPassword:: {Base64(PasswordOf(uid))}

        """;

    private static string Group(string cn, params string[] members) =>
        $"dn: {GroupDn(cn)}\nobjectClass: groupOfNames\ncn: {cn}\n"
        + string.Concat(members.Select(m => $"member:: {Base64(UserDn(m))}\n")) + "\n";

    private static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
