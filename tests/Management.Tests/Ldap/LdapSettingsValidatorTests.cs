using VmsServices.Hosting.Security;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>Each mistake a site can make in Management:Ldap is named at start, by its setting.</summary>
public sealed class LdapSettingsValidatorTests
{
    [Test]
    public void Complete_settings_have_no_problem() =>
        Assert.That(LdapSettingsValidator.Problems(TestLdapSettings.SearchThenBind(389)), Is.Empty);

    [Test]
    public void Without_a_host_nothing_is_checked() =>
        Assert.That(LdapSettingsValidator.Problems(new LdapSettings()), Is.Empty);

    private static IEnumerable<TestCaseData> Mistakes()
    {
        TestCaseData Case(string problem, Action<LdapSettings> mistake, string? label = null) =>
            new TestCaseData(mistake, problem).SetArgDisplayNames(label ?? problem);
        yield return Case("Host", s => s.Host = "ldaps://dc1.corp.example", "Host with a scheme");
        yield return Case("Host", s => s.Host = "dc1.corp.example:636", "Host with a port");
        yield return Case("Port", s => s.Port = 0);
        yield return Case("Timeout", s => s.Timeout = TimeSpan.Zero);
        yield return Case("BindPassword is required", s => s.BindPassword = "");
        yield return Case("BindPassword is set without BindDn", s => s.BindDn = null);
        yield return Case("BindDn", s => s.BindDn = "vms-service");
        yield return Case("SearchBase", s => s.SearchBase = null);
        yield return Case("UserFilter", s => s.UserFilter = "(uid=alice)", "UserFilter without {0}");
        yield return Case("UserFilter", s => s.UserFilter = "uid={0}", "UserFilter without parentheses");
        yield return Case("UserDnTemplate", s => s.UserDnTemplate = "uid=alice,ou=people,dc=example,dc=org");
        yield return Case("MemberOfAttribute or GroupSearchBase", s => s.MemberOfAttribute = "");
        yield return Case("GroupFilter", s => (s.GroupSearchBase, s.GroupFilter) = ("ou=groups,dc=example,dc=org", "(objectClass=groupOfNames)"));
        yield return Case("at least one group to a Role", s => s.Groups.RemoveAll(g => g.Role is not null));
        yield return Case("Groups:0:Dn", s => s.Groups[0].Dn = "Admins");
        yield return Case("Groups:2:Dn names the same group as Groups:0:Dn", s => s.Groups[2].Dn = "cn=admins,ou=groups,dc=example,dc=org");
        yield return Case("Groups:1 gives neither", s => s.Groups[1].Role = null);
        yield return Case("Groups:3:Devices", s => s.Groups[3].Devices.Add(" "));
        yield return Case("Groups:0:Role", s => s.Groups[0].Role = (VmsRole)7);
        yield return Case("TrustedCertificatesDirectory", s => s.TrustedCertificatesDirectory = "/nonexistent/ca");
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_is_named_by_its_setting(Action<LdapSettings> mistake, string problem)
    {
        var settings = TestLdapSettings.SearchThenBind(389);
        mistake(settings);

        Assert.That(LdapSettingsValidator.Problems(settings), Has.Some.Contains(problem).And.All.StartWith("Management:Ldap:"));
    }

    [Test]
    public void A_direct_bind_needs_no_search_base()
    {
        var settings = TestLdapSettings.SearchThenBind(389);
        settings.SearchBase = null;
        settings.UserDnTemplate = "uid={0},ou=people,dc=example,dc=org";

        Assert.That(LdapSettingsValidator.Problems(settings), Is.Empty);
    }
}
