using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>What vmsctl says when the server wants a token (401) or refuses the signed-in user (403), and that the token never shows.</summary>
public sealed class AuthenticationTests
{
    private static readonly string[][] SignedInCommands =
    [
        ["servers", "list"], ["devices", "list"], ["devices", "show", "cam-1"], ["table"], ["moves"], ["history", "cam-1"],
        ["move", "cam-1", "rec-b"], ["segments", "cam-1"], ["health", "--all"], ["users", "list"],
    ];

    [TestCaseSource(nameof(SignedInCommands))]
    public async Task Without_a_token_a_command_exits_8_with_the_sign_in_hint(string[] command)
    {
        (await DemoSystem.RunAsAsync(null, command)).FailsWithOneLine(ExitCodes.Forbidden,
            "vmsctl: Authentication required (401): not signed in or token expired: run `vmsctl login --user <name>` and set VMS_TOKEN");
    }

    [Test]
    public async Task A_refused_token_gets_the_hint_and_the_servers_reason()
    {
        var result = (await DemoSystem.RunAsAsync(Tampered(DemoSystem.Token), ["devices", "list"])).FailsWithOneLine(ExitCodes.Forbidden, SignInHint.Text);
        Assert.That(result.Stderr, Does.Contain("(The token was refused: "));
    }

    [Test]
    public async Task With_json_the_401_problem_document_carries_the_hint()
    {
        var result = (await DemoSystem.RunAsAsync(null, ["--json", "table"])).Exits(ExitCodes.Forbidden);
        Assert.That(result.Problem.GetProperty("status").GetInt32(), Is.EqualTo(401));
        Assert.That(result.Problem.GetProperty("hint").GetString(), Is.EqualTo(SignInHint.Text));
    }

    [Test]
    public async Task The_token_option_wins_over_vms_token()
    {
        (await DemoSystem.RunAsAsync(Tampered(DemoSystem.Token), ["--token", DemoSystem.Token, "table"])).Exits(ExitCodes.Ok);
        (await DemoSystem.RunAsAsync(DemoSystem.Token, ["--token", Tampered(DemoSystem.Token), "table"])).Exits(ExitCodes.Forbidden);
    }

    [Test]
    public async Task A_viewer_may_look_but_its_move_is_refused_with_the_servers_detail()
    {
        await using var viewer = await SignedInUser.CreateAsync("Viewer");
        (await DemoSystem.RunAsAsync(viewer.Token, ["devices", "list"])).Exits(ExitCodes.Ok);
        (await DemoSystem.RunAsAsync(viewer.Token, ["move", "cam-1", "rec-b"]))
            .FailsWithOneLine(ExitCodes.Forbidden, $"vmsctl: Not allowed (403): '{viewer.Name}' (Viewer) may not do this.");
        (await DemoSystem.RunAsAsync(viewer.Token, ["users", "list"])).FailsWithOneLine(ExitCodes.Forbidden, "may not do this.");
    }

    [Test]
    public async Task The_token_never_appears_in_the_output_of_a_failing_command_with_verbose()
    {
        await using var viewer = await SignedInUser.CreateAsync("Viewer");
        var runs = new (string Token, string[] Args, int ExitCode)[]
        {
            (DemoSystem.Token, ["devices", "show", "no-such-device"], ExitCodes.NotFound),
            (viewer.Token, ["move", "cam-1", "rec-b"], ExitCodes.Forbidden),
            (Tampered(DemoSystem.Token), ["table"], ExitCodes.Forbidden),
        };
        foreach (var (token, args, exitCode) in runs)
            foreach (var json in new[] { false, true })
            foreach (var fromOption in new[] { false, true })
            {
                string[] command = [.. args, "--verbose", .. (json ? new[] { "--json" } : [])];
                var result = fromOption
                    ? await DemoSystem.RunAsAsync(null, ["--token", token, .. command])
                    : await DemoSystem.RunAsAsync(token, command);
                result.Exits(exitCode);
                Assert.That(result.Stderr, Does.Contain("> Authorization: Bearer <redacted>"), result.ToString());
                // Its signature is what makes it a credential: not even that part may show.
                Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(token).And.Not.Contain(token.Split('.')[^1]), result.ToString());
            }
    }

    /// <summary>The token with its signature changed: well-formed, refused by the server.</summary>
    private static string Tampered(string token) => token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
}
