using System.Net;
using System.Net.Sockets;
using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>A directory that is down, gone or silent is reported as unavailable, never as a wrong password, and never holds a sign-in forever.</summary>
[TestFixture]
public sealed class LdapAvailabilityTests
{
    [Test]
    public async Task A_stopped_server_is_unavailable_not_a_wrong_password()
    {
        await using var server = await Slapd.StartAsync();
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(server.Port));
        Assert.That((await ldap.AuthenticateAsync("alice", "alice-secret", default))?.Role, Is.EqualTo(VmsRole.Administrator));

        await server.StopAsync();

        var e = Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
        Assert.That(e!.Message, Does.Contain("cannot be reached").And.Contain($"127.0.0.1:{server.Port}"));
    }

    [Test]
    public void A_port_where_nothing_listens_is_unavailable()
    {
        var ldap = TestLdapSettings.Authenticator(TestLdapSettings.SearchThenBind(Ports.Free()));

        Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
    }

    [Test]
    public void A_server_that_never_answers_times_out_as_unavailable()
    {
        // Accepts the connection (the kernel does, from the backlog) and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var settings = TestLdapSettings.SearchThenBind(((IPEndPoint)silent.LocalEndpoint).Port);
        settings.Timeout = TimeSpan.FromSeconds(1);
        var ldap = TestLdapSettings.Authenticator(settings);

        var e = Assert.ThrowsAsync<DirectoryUnavailableException>(() => ldap.AuthenticateAsync("alice", "alice-secret", default));
        Assert.That(e!.Message, Does.Contain("did not answer within 00:00:01"));
    }

    [Test]
    public void A_caller_that_gives_up_is_not_held_by_a_silent_server()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var settings = TestLdapSettings.SearchThenBind(((IPEndPoint)silent.LocalEndpoint).Port);
        settings.Timeout = TimeSpan.FromMinutes(1);
        var ldap = TestLdapSettings.Authenticator(settings);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(() => ldap.AuthenticateAsync("alice", "alice-secret", cts.Token));
    }
}
