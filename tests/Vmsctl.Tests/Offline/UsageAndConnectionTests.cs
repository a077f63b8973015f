using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.Offline;

/// <summary>What vmsctl answers before or without a server: usage errors (2) and a server that is down (5).</summary>
public sealed class UsageAndConnectionTests
{
    private static readonly string[][] EveryCommand =
    [
        ["servers", "list"], ["servers", "show", "rec-a"], ["servers", "add", "rec-x", "--address", "http://127.0.0.1:9"], ["servers", "remove", "rec-x"],
        ["devices", "list"], ["devices", "show", "cam-1"], ["devices", "add", "cam-x", "--stream-url", "rtsp://127.0.0.1/x", "--server", "rec-a"],
        ["devices", "remove", "cam-x"], ["move", "cam-1", "rec-b"], ["moves"], ["table"], ["segments", "cam-1"],
        ["export", "cam-1", "--from", "-1m", "--to", "now", "-o", Path.Combine(Path.GetTempPath(), "vmsctl-never-written.mp4")],
        ["health"], ["health", "--all"],
        ["servers", "status"], ["discover"], ["discover", "--probe", "127.0.0.1:3702"], ["attach", "urn:uuid:00000000-0000-0000-0000-000000000000"],
        ["attach", "--device-service-url", "http://127.0.0.1:9/onvif/device_service"], ["history", "cam-1"],
        ["users", "list"], ["users", "set", "bob", "--role", "Viewer"], ["users", "delete", "bob"],
    ];

    [TestCaseSource(nameof(EveryCommand))]
    public async Task Every_command_exits_5_when_the_management_server_is_down(string[] command)
    {
        var url = TestIds.ClosedUrl();
        (await VmsctlRunner.RunAsync(["--url", url, .. command])).FailsWithOneLine(ExitCodes.Unavailable, $"vmsctl: Server unreachable: {url}: Connection refused");
    }

    [Test]
    public async Task A_server_down_with_json_is_a_problem_document_on_stderr()
    {
        var result = (await VmsctlRunner.RunAsync("--url", TestIds.ClosedUrl(), "--json", "table")).Exits(ExitCodes.Unavailable);
        Assert.That(result.Problem.GetProperty("title").GetString(), Is.EqualTo("Server unreachable"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Vms_url_from_the_environment_is_used_and_url_wins_over_it()
    {
        var fromEnvironment = TestIds.ClosedUrl();
        var env = (string name) => name == GlobalOptions.UrlVariable ? fromEnvironment : null;
        (await VmsctlRunner.RunAsync(["table"], env)).FailsWithOneLine(ExitCodes.Unavailable, fromEnvironment);

        var explicitUrl = TestIds.ClosedUrl();
        (await VmsctlRunner.RunAsync(["--url", explicitUrl, "table"], env)).FailsWithOneLine(ExitCodes.Unavailable, explicitUrl);
    }

    [TestCase(new string[0], "Required command was not provided")]
    [TestCase(new[] { "devices", "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    [TestCase(new[] { "devices", "add", "cam-x" }, "--stream-url")]
    [TestCase(new[] { "devices", "show", "Not_An_Id" }, "'Not_An_Id' is not a valid id")]
    [TestCase(new[] { "devices", "show", ".." }, "'..' is not a valid id")]
    [TestCase(new[] { "table", "--timeout", "soon" }, "--timeout: 'soon' is not a positive duration")]
    [TestCase(new[] { "move", "cam-1" }, "Required argument missing for command: 'move'")]
    [TestCase(new[] { "moves", "--limit", "many" }, "many")]
    [TestCase(new[] { "attach" }, "attach needs the camera's endpoint reference (vmsctl discover lists them) or --device-service-url")]
    [TestCase(new[] { "attach", "urn:uuid:x", "--device-service-url", "http://127.0.0.1/onvif/device_service" }, "not both")]
    [TestCase(new[] { "attach", "urn:uuid:x", "--id", "Lobby" }, "'Lobby' is not a valid id")]
    [TestCase(new[] { "discover", "--probe" }, "Required argument missing for option: '--probe'")]
    [TestCase(new[] { "history", "../cam-1" }, "'../cam-1' is not a valid id")]
    [TestCase(new[] { "login" }, "Option '--user' is required")]
    [TestCase(new[] { "login", "--user", "bob/../admin" }, "'bob/../admin' is not a user name")]
    [TestCase(new[] { "users", "set", "bob" }, "Option '--role' is required")]
    [TestCase(new[] { "users", "set", "bob", "--role", "King" }, "--role: 'King' is not a role; use Viewer, Operator, Administrator")]
    [TestCase(new[] { "users", "set", "bob", "--role", "Viewer", "--devices", "cam-1,Cam_2" }, "'Cam_2' is not a valid id")]
    [TestCase(new[] { "users", "delete", ".." }, "'..' is not a user name")]
    [TestCase(new[] { "table", "--token" }, "Required argument missing for option: '--token'")]
    public async Task A_bad_command_line_is_a_usage_error_in_one_line(string[] args, string message)
    {
        (await VmsctlRunner.RunAsync(args)).FailsWithOneLine(ExitCodes.Usage, message);
    }

    [Test]
    public async Task A_url_that_is_not_http_is_a_usage_error()
    {
        (await VmsctlRunner.RunAsync("--url", "ftp://127.0.0.1", "table")).FailsWithOneLine(ExitCodes.Usage, "--url: 'ftp://127.0.0.1' is not an absolute http or https URL");
    }

    [Test]
    public async Task A_usage_error_with_json_is_a_problem_document()
    {
        var result = (await VmsctlRunner.RunAsync("--json", "devices", "show", "Bad")).Exits(ExitCodes.Usage);
        Assert.That(result.Problem.GetProperty("title").GetString(), Is.EqualTo("Usage error"));
    }

    [Test]
    public async Task Help_lists_the_commands_and_the_exit_codes()
    {
        var help = (await VmsctlRunner.RunAsync("--help")).Exits(ExitCodes.Ok);
        foreach (var command in new[] { "login", "servers", "devices", "discover", "attach", "history", "move", "moves", "table", "segments", "export", "health", "errors", "users" })
            Assert.That(help.Stdout, Does.Match($@"\n  {command}\b"), command);
        foreach (var (code, meaning) in ExitCodes.All)
            Assert.That(help.Stdout, Does.Contain($"  {code,-5}{meaning}"));
        Assert.That(help.Stdout, Does.Not.Contain("interrupt-at"), "the test option stays hidden");
        Assert.That(help.Stdout, Does.Contain("--token <token>").And.Contain("--verbose"));

        var sub = (await VmsctlRunner.RunAsync("export", "--help")).Exits(ExitCodes.Ok);
        Assert.That(sub.Stdout, Does.Contain("--from").And.Contain("vmsctl --help lists all"));
    }
}
