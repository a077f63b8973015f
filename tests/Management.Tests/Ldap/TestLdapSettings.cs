using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmsServices.Hosting.Security;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>Settings for the test directory, as a site would write them; each test changes what it is about.</summary>
public static class TestLdapSettings
{
    public static LdapSettings SearchThenBind(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        BindDn = TestDirectory.ServiceDn,
        BindPassword = TestDirectory.ServicePassword,
        SearchBase = TestDirectory.People,
        Groups =
        [
            // Written the way people paste DNs: other case, spaces after commas. The directory answers "cn=admins,ou=groups,...".
            new() { Dn = "CN=Admins, OU=Groups, DC=example, DC=org", Role = VmsRole.Administrator },
            new() { Dn = TestDirectory.GroupDn("operators"), Role = VmsRole.Operator },
            new() { Dn = TestDirectory.GroupDn("viewers"), Role = VmsRole.Viewer },
            new() { Dn = TestDirectory.GroupDn("lobby-cameras"), Devices = ["cam-1", "cam-2"] },
        ],
    };

    /// <summary>OpenLDAP without the memberof overlay: groups found only by searching for "(member=userDn)".</summary>
    public static LdapSettings GroupSearchOnly(int port)
    {
        var settings = SearchThenBind(port);
        settings.MemberOfAttribute = "";
        settings.GroupSearchBase = TestDirectory.GroupsBase;
        return settings;
    }

    public static LdapAuthenticator Authenticator(LdapSettings settings, ILogger<LdapAuthenticator>? log = null)
    {
        Assert.That(LdapSettingsValidator.Problems(settings), Is.Empty, "test settings a site could not start with");
        return new LdapAuthenticator(Options.Create(settings), log ?? new RecordingLogger<LdapAuthenticator>());
    }
}
