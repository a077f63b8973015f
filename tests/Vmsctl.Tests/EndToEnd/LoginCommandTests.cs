using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>vmsctl login against the running system: a token on stdout that the other commands accept.</summary>
public sealed class LoginCommandTests
{
    [Test]
    public async Task Login_prints_only_a_token_and_the_token_works()
    {
        var login = (await DemoSystem.RunAsAsync(null, ["login", "--user", TestAuth.AdministratorName], stdin: TestAuth.AdministratorPassword + "\n")).Exits(ExitCodes.Ok);
        Assert.That(login.StdoutLines, Has.Length.EqualTo(1), login.ToString());
        Assert.That(login.Stdout, Does.Match(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$"), "a compact JWS and nothing else");
        Assert.That(login.Stderr, Does.Match(@"^signed in as admin \(Administrator\) until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$"));

        var devices = (await DemoSystem.RunAsAsync(login.Stdout.Trim(), ["devices", "list"])).Exits(ExitCodes.Ok);
        Assert.That(devices.StdoutLines, Has.Some.StartsWith("cam-1 "));
    }

    [Test]
    public async Task Login_with_json_prints_the_whole_answer()
    {
        var login = (await DemoSystem.RunAsAsync(null, ["login", "--user", TestAuth.AdministratorName, "--json"], password: TestAuth.AdministratorPassword)).Exits(ExitCodes.Ok);
        Assert.That(login.Json.GetProperty("userName").GetString(), Is.EqualTo(TestAuth.AdministratorName));
        Assert.That(login.Json.GetProperty("role").GetString(), Is.EqualTo("Administrator"));
        Assert.That(login.Json.GetProperty("token").GetString(), Is.Not.Empty);
        Assert.That(login.Json.GetProperty("expiresUtc").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow));
        Assert.That(login.Stderr, Is.Empty, "with --json stderr holds nothing but a failure's problem document");
    }

    [Test]
    public async Task Vms_password_is_used_before_stdin()
    {
        (await DemoSystem.RunAsAsync(null, ["login", "--user", TestAuth.AdministratorName], stdin: "not-the-password\n", password: TestAuth.AdministratorPassword))
            .Exits(ExitCodes.Ok);
    }

    [Test]
    public async Task A_wrong_password_exits_8_with_the_servers_refusal_and_no_sign_in_hint()
    {
        var refused = (await DemoSystem.RunAsAsync(null, ["login", "--user", TestAuth.AdministratorName], stdin: "wrong-password\n"))
            .FailsWithOneLine(ExitCodes.Forbidden, "vmsctl: Sign-in refused (401): Unknown user name or wrong password.");
        Assert.That(refused.Stderr, Does.Not.Contain("vmsctl login"));

        var json = (await DemoSystem.RunAsAsync(null, ["login", "--user", "nobody", "--json"], password: "wrong-password")).Exits(ExitCodes.Forbidden);
        Assert.That(json.Problem.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(json.Stdout, Is.Empty);
    }

    [Test]
    public async Task Logout_ends_the_token_for_every_later_command()
    {
        var token = (await DemoSystem.RunAsAsync(null, ["login", "--user", TestAuth.AdministratorName], password: TestAuth.AdministratorPassword)).Exits(ExitCodes.Ok).Stdout.Trim();
        (await DemoSystem.RunAsAsync(token, ["devices", "list"])).Exits(ExitCodes.Ok);

        var logout = (await DemoSystem.RunAsAsync(token, ["logout"])).Exits(ExitCodes.Ok);
        Assert.That(logout.Stderr, Does.Contain("signed out"));
        var replayed = (await DemoSystem.RunAsAsync(token, ["devices", "list"])).Exits(ExitCodes.Forbidden);
        Assert.That(replayed.Stderr, Does.Contain("revoked"), "the server's reason for refusing a replayed token");
    }
}
