using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>Sign-in against a real OpenLDAP server: roles and devices from groups, and every way a sign-in is refused.</summary>
[TestFixture]
public sealed class LdapSignInTests : SlapdFixture
{

    private static IEnumerable<TestCaseData> Membership()
    {
        yield return new TestCaseData("memberOf", (Func<int, LdapSettings>)TestLdapSettings.SearchThenBind).SetArgDisplayNames("memberOf");
        yield return new TestCaseData("group search", (Func<int, LdapSettings>)TestLdapSettings.GroupSearchOnly).SetArgDisplayNames("group search");
        yield return new TestCaseData("both", (Func<int, LdapSettings>)(port =>
        {
            var settings = TestLdapSettings.SearchThenBind(port);
            settings.GroupSearchBase = TestDirectory.GroupsBase;
            return settings;
        })).SetArgDisplayNames("memberOf and group search");
    }

    [TestCaseSource(nameof(Membership))]
    public async Task Each_user_gets_the_highest_role_of_their_mapped_groups(string _, Func<int, LdapSettings> settings)
    {
        var ldap = TestLdapSettings.Authenticator(settings(Server.Port));

        Assert.That(await SignIn(ldap, "alice"), Is.EqualTo(new ExternalIdentity("alice", VmsRole.Administrator, null)));
        Assert.That(await SignIn(ldap, "oscar"), Is.EqualTo(new ExternalIdentity("oscar", VmsRole.Operator, null)));
        Assert.That(await SignIn(ldap, "vera"), Is.EqualTo(new ExternalIdentity("vera", VmsRole.Viewer, null)));
    }

    [TestCaseSource(nameof(Membership))]
    public async Task A_device_group_limits_its_members_to_its_devices(string _, Func<int, LdapSettings> settings)
    {
        var dora = await SignIn(TestLdapSettings.Authenticator(settings(Server.Port)), "dora");

        Assert.That(dora, Is.Not.Null);
        Assert.That(dora!.Role, Is.EqualTo(VmsRole.Viewer));
        Assert.That(dora.Devices, Is.EqualTo(new[] { "cam-1", "cam-2" }));
    }

    [TestCaseSource(nameof(Membership))]
    public async Task Users_in_no_group_with_a_role_are_refused(string _, Func<int, LdapSettings> settings)
    {
        var ldap = TestLdapSettings.Authenticator(settings(Server.Port));

        Assert.That(await SignIn(ldap, "nadia"), Is.Null, "in no group");
        Assert.That(await SignIn(ldap, "uma"), Is.Null, "only in a group the settings do not map");
        Assert.That(await SignIn(ldap, "devon"), Is.Null, "only in a group that limits devices but gives no role");
    }

    [Test]
    public async Task A_wrong_password_is_refused()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        Assert.That(await ldap.AuthenticateAsync("alice", "oscar-secret", default), Is.Null);
        Assert.That(await ldap.AuthenticateAsync("alice", "alice-secret ", default), Is.Null);
    }

    [Test]
    public async Task An_unknown_user_is_refused()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        Assert.That(await ldap.AuthenticateAsync("mallory", "mallory-secret", default), Is.Null);
    }

    [Test]
    public async Task An_empty_password_is_refused_before_anything_is_sent()
    {
        // Were it sent, the bind would be "unauthenticated" (RFC 4513 5.1.2) and succeed on many servers.
        // Proof that nothing is sent: against a port where nothing listens, the answer is still a plain refusal.
        var nowhere = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(TestSupport.Ports.Free()));
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        Assert.That(await nowhere.AuthenticateAsync("alice", "", default), Is.Null);
        Assert.That(await ldap.AuthenticateAsync("alice", "", default), Is.Null);
        Assert.That(await ldap.AuthenticateAsync("", "alice-secret", default), Is.Null);
    }

    [TestCase("al*")]
    [TestCase("*ice")]
    [TestCase("*")]
    [TestCase("*)(uid=*")]
    [TestCase("alice)(uid=*")]
    [TestCase("alice)(|(uid=alice")]
    [TestCase("*)(|(objectClass=*)")]
    [TestCase("alice\\")]
    [TestCase("alice\0")]
    public async Task A_user_name_cannot_rewrite_the_search_filter(string injected)
    {
        // Unescaped, each of these would match alice (alone or among others), or break the filter.
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        Assert.That(await ldap.AuthenticateAsync(injected, "alice-secret", default), Is.Null);
    }

    [Test]
    public async Task Filter_characters_in_a_real_user_name_match_literally()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        var user = await SignIn(ldap, TestDirectory.FilterSpecialName);

        Assert.That(user?.UserName, Is.EqualTo(TestDirectory.FilterSpecialName));
        Assert.That(user?.Role, Is.EqualTo(VmsRole.Viewer));
    }

    [Test]
    public async Task A_direct_bind_escapes_the_user_name_in_the_DN()
    {
        var settings = TestLdapSettings.SearchThenBind(Server.Port);
        settings.SearchBase = null;
        settings.UserDnTemplate = $"uid={{0}},{TestDirectory.People}";
        var ldap = TestLdapSettings.Authenticator(settings);

        Assert.That((await SignIn(ldap, TestDirectory.DnSpecialName))?.Role, Is.EqualTo(VmsRole.Viewer), "',' and '+' escaped (RFC 4514)");
        Assert.That((await SignIn(ldap, "alice"))?.Role, Is.EqualTo(VmsRole.Administrator));
        Assert.That(await ldap.AuthenticateAsync("alice,ou=people", "alice-secret", default), Is.Null);
        Assert.That(await ldap.AuthenticateAsync("alice+cn=alice", "alice-secret", default), Is.Null);
        Assert.That(await ldap.AuthenticateAsync("alice", "wrong", default), Is.Null);
    }

    [Test]
    public async Task The_name_is_the_directory_spelling_whatever_case_was_typed()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        var user = await ldap.AuthenticateAsync("ALICE", "alice-secret", default);

        Assert.That(user?.UserName, Is.EqualTo("alice"));
    }

    [Test]
    public async Task A_password_outside_ASCII_reaches_the_directory_whole()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port));

        Assert.That((await ldap.AuthenticateAsync("ulrich", TestDirectory.UlrichPassword, default))?.Role, Is.EqualTo(VmsRole.Viewer));
        Assert.That(await ldap.AuthenticateAsync("ulrich", "Grüße-", default), Is.Null);
    }

    [Test]
    public void A_refused_service_account_is_a_directory_problem_not_a_wrong_password() =>
        Assert.That(UnavailableWith(s => s.BindPassword = "not-the-service-password").Message,
            Does.Contain("service account").And.Contain("BindDn"));

    [Test]
    public void A_search_base_that_does_not_exist_is_a_directory_problem() =>
        Assert.That(UnavailableWith(s => s.SearchBase = "ou=nobody,dc=example,dc=org").Message,
            Does.Contain("SearchBase").And.Contain("NoSuchObject"));

    [Test]
    public async Task No_password_is_ever_logged()
    {
        var log = new RecordingLogger<LdapAuthenticator>();
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Server.Port), log);
        var down = TestLdapSettings.SearchThenBind(TestSupport.Ports.Free());
        var wrongService = TestLdapSettings.SearchThenBind(Server.Port);
        wrongService.BindPassword = "wrong-service-secret";

        await ldap.AuthenticateAsync("alice", "alice-secret", default);
        await ldap.AuthenticateAsync("alice", "typo-secret", default);
        await ldap.AuthenticateAsync("nadia", "nadia-secret", default);
        Assert.ThrowsAsync<DirectoryUnavailableException>(() => TestLdapSettings.Authenticator(down, log).AuthenticateAsync("alice", "alice-secret", default));
        Assert.ThrowsAsync<DirectoryUnavailableException>(() => TestLdapSettings.Authenticator(wrongService, log).AuthenticateAsync("alice", "alice-secret", default));

        Assert.That(log.Entries, Is.Not.Empty);
        Assert.That(log.Entries, Has.None.Contains("secret"));
    }

    private DirectoryUnavailableException UnavailableWith(Action<LdapSettings> change)
    {
        var settings = TestLdapSettings.SearchThenBind(Server.Port);
        change(settings);
        return Assert.ThrowsAsync<DirectoryUnavailableException>(() => SignIn(TestLdapSettings.Authenticator(settings), "alice"))!;
    }

    private static Task<ExternalIdentity?> SignIn(LdapAuthenticator ldap, string user) =>
        ldap.AuthenticateAsync(user, TestDirectory.PasswordOf(user), default);
}
