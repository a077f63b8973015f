using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>A site that asks for TLS from a directory that has none gets "unavailable", and no password goes out in clear.</summary>
[TestFixture]
public sealed class LdapWithoutServerTlsTests : SlapdFixture
{

    [TestCase(LdapSecurity.StartTls)]
    [TestCase(LdapSecurity.Ldaps)]
    public void Asking_for_TLS_from_a_server_without_it_is_unavailable(LdapSecurity security)
    {
        var settings = TestLdapSettings.SearchThenBind(Server.Port);
        settings.Security = security;
        var ldap = TestLdapSettings.Authenticator(settings);

        var e = Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
        Assert.That(e!.Message, Does.Contain($"127.0.0.1:{Server.Port} ({security})"));
    }
}
