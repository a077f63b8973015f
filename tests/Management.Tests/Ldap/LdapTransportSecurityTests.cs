using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>
/// StartTLS and LDAPS against a server that takes simple binds only under TLS, so a sign-in that
/// works proves the password travelled encrypted; and every way TLS can be missing or untrusted
/// ends as "unavailable", never as a bind in clear.
/// </summary>
[TestFixture]
public sealed class LdapTransportSecurityTests() : SlapdFixture(withTls: true)
{

    private LdapSettings Settings(LdapSecurity security, string? trusted)
    {
        var settings = TestLdapSettings.SearchThenBind(security == LdapSecurity.Ldaps ? Server.LdapsPort!.Value : Server.Port);
        settings.Security = security;
        settings.TrustedCertificatesDirectory = trusted;
        return settings;
    }

    [TestCase(LdapSecurity.StartTls)]
    [TestCase(LdapSecurity.Ldaps)]
    public async Task Signs_in_over_TLS_with_the_site_CA_trusted(LdapSecurity security)
    {
        var ldap = TestLdapSettings.Authenticator(Settings(security, Server.Tls!.TrustedDirectory));

        Assert.That((await ldap.AuthenticateAsync("alice", "alice-secret", default))?.Role, Is.EqualTo(VmsRole.Administrator));
        Assert.That((await ldap.AuthenticateAsync("dora", "dora-secret", default))?.Devices, Is.EqualTo(new[] { "cam-1", "cam-2" }));
        Assert.That(await ldap.AuthenticateAsync("alice", "wrong", default), Is.Null);
    }

    [TestCase(LdapSecurity.StartTls)]
    [TestCase(LdapSecurity.Ldaps)]
    public void A_certificate_from_an_untrusted_CA_is_refused(LdapSecurity security)
    {
        var ldap = TestLdapSettings.Authenticator(Settings(security, Server.Tls!.UntrustedDirectory));

        var e = Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
        Assert.That(e!.Message, Does.Contain("certificate"));
    }

    [Test]
    public void Without_a_trusted_CA_directory_the_system_trust_applies_and_refuses_a_private_CA()
    {
        var ldap = TestLdapSettings.Authenticator(Settings(LdapSecurity.Ldaps, trusted: null));

        Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
    }

    [Test]
    public void A_server_that_requires_TLS_reached_without_it_is_unavailable_not_a_wrong_password()
    {
        var ldap = TestLdapSettings.Authenticator(Settings(LdapSecurity.None, trusted: null));

        var e = Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
        Assert.That(e!.Message, Does.Contain("service account").Or.Contain("onfidentiality"));
    }
}
