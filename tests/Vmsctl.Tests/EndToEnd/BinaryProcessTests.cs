using VmsServices.TestSupport;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>The built vmsctl binary as a real process: what an operator or a script runs.</summary>
public sealed class BinaryProcessTests
{
    [Test]
    public async Task The_binary_reads_vms_url_and_vms_token_from_the_environment_and_prints_the_devices()
    {
        var result = (await VmsctlRunner.RunProcessAsync(["devices", "list"], new Dictionary<string, string> { ["VMS_URL"] = DemoSystem.Url, ["VMS_TOKEN"] = DemoSystem.Token })).Exits(ExitCodes.Ok);
        Assert.That(result.StdoutLines, Has.Some.Match(@"^cam-1\s+Simulated camera 1\s+video on rec-a\s"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task The_binary_signs_in_with_the_password_on_stdin_and_prints_a_token_that_works()
    {
        var login = (await VmsctlRunner.RunProcessAsync(["--url", DemoSystem.Url, "login", "--user", TestAuth.AdministratorName],
            stdin: TestAuth.AdministratorPassword + "\n")).Exits(ExitCodes.Ok);
        Assert.That(login.StdoutLines, Has.Length.EqualTo(1), login.ToString());
        var table = await VmsctlRunner.RunProcessAsync(["table"], new Dictionary<string, string> { ["VMS_URL"] = DemoSystem.Url, ["VMS_TOKEN"] = login.Stdout.Trim() });
        table.Exits(ExitCodes.Ok);
        Assert.That(table.Stdout, Does.StartWith("configuration table version "));
    }

    [Test]
    public async Task The_binary_without_a_token_exits_8_with_the_sign_in_hint()
    {
        (await VmsctlRunner.RunProcessAsync(["--url", DemoSystem.Url, "devices", "list"])).FailsWithOneLine(ExitCodes.Forbidden, SignInHint.Text);
    }

    [Test]
    public async Task The_binary_exits_3_for_an_unknown_device_with_the_problem_on_stderr()
    {
        var result = await VmsctlRunner.RunProcessAsync(["--url", DemoSystem.Url, "--token", DemoSystem.Token, "devices", "show", "no-such-device", "--json"]);
        result.Exits(ExitCodes.NotFound);
        Assert.That(result.Problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
    }

    [Test]
    public async Task The_binary_exits_5_when_the_server_is_down()
    {
        (await VmsctlRunner.RunProcessAsync(["--url", TestIds.ClosedUrl(), "health"])).FailsWithOneLine(ExitCodes.Unavailable, "vmsctl: Server unreachable:");
    }

    [Test]
    public async Task The_binary_exits_2_on_a_usage_error_and_0_with_help_that_lists_the_exit_codes()
    {
        (await VmsctlRunner.RunProcessAsync(["devices", "frobnicate"])).Exits(ExitCodes.Usage);
        var help = (await VmsctlRunner.RunProcessAsync(["--help"])).Exits(ExitCodes.Ok);
        Assert.That(help.Stdout, Does.Contain("Exit codes:"));
        Assert.That(help.Stdout, Does.Contain("130  interrupted"));
    }
}
