using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.Offline;

/// <summary>
/// Answers a running system gives only now and then (a move that ends within the acknowledgement
/// time, a node that is not ready, an error page from a proxy), served on demand by a stub.
/// </summary>
public sealed class ServerAnswerTests
{
    private static object Move(string state, string? failure = null, string? reason = null) => new
    {
        id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301", deviceId = "cam-1", fromRecordingServerId = "rec-a", toRecordingServerId = "rec-b",
        state, requestedBy = "anonymous", failure, reason, requestedUtcMicros = 1, deadlineUtcMicros = 2, endedUtcMicros = 3, configurationVersion = 7,
    };

    [Test]
    public async Task A_move_that_took_effect_before_the_answer_is_reported_without_waiting()
    {
        await using var server = await StubServer.StartAsync(app => app.MapPost("/api/devices/cam-1/move", () => Results.Ok(Move("Completed"))));
        var result = (await VmsctlRunner.RunAsync("--url", server.Url, "move", "cam-1", "rec-b")).Exits(ExitCodes.Ok);
        Assert.That(result.Stdout.Trim(), Is.EqualTo("moved cam-1 from rec-a to rec-b (move 3f2504e0-4f89-11d3-9a0c-0305e82c3301, configuration version 7)"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [TestCase(502, "prepare-failed", ExitCodes.Failure)]
    [TestCase(504, "timed-out", ExitCodes.Timeout)]
    [TestCase(403, "not-authorized", ExitCodes.Forbidden)]
    [TestCase(409, "conflict", ExitCodes.Conflict)]
    public async Task A_move_that_failed_before_the_answer_exits_by_its_kind_of_failure(int status, string failure, int exitCode)
    {
        await using var server = await StubServer.StartAsync(app => app.MapPost("/api/devices/cam-1/move", () =>
            Results.Problem("The camera refused a second session.", statusCode: status, title: "Move failed",
                extensions: new Dictionary<string, object?> { ["failure"] = failure, ["moveId"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301" })));
        (await VmsctlRunner.RunAsync("--url", server.Url, "move", "cam-1", "rec-b"))
            .FailsWithOneLine(exitCode, $"vmsctl: Move failed ({status}): The camera refused a second session.");
    }

    [Test]
    public async Task A_node_that_is_not_ready_is_unhealthy_with_the_failing_check_named()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/health/ready", () => Results.Json(new
        {
            status = "Unhealthy",
            checks = new { self = new { status = "Healthy" }, bus = new { status = "Unhealthy", description = "Not ready: broker unreachable" } },
        }, statusCode: 503)));
        var result = (await VmsctlRunner.RunAsync("--url", server.Url, "health")).Exits(ExitCodes.Unhealthy);
        Assert.That(result.StdoutLines[1], Does.Match(@"^management\s+http://127\.0\.0\.1:\d+\s+Unhealthy\s+bus: Unhealthy \(Not ready: broker unreachable\)$"));
    }

    [Test]
    public async Task A_degraded_node_still_serves()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/health/ready", () => Results.Json(new
        {
            status = "Degraded",
            checks = new { recorders = new { status = "Degraded", description = "cam-9 backing off" } },
        })));
        var result = (await VmsctlRunner.RunAsync("--url", server.Url, "health")).Exits(ExitCodes.Ok);
        Assert.That(result.Stdout, Does.Contain("recorders: Degraded (cam-9 backing off)"));
    }

    [Test]
    public async Task An_error_page_that_is_not_a_problem_document_is_reported_in_one_line()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/api/devices", () =>
            Results.Content("<html>\n<body>\n<h1>502 Bad Gateway</h1>\n</body>\n</html>", "text/html", statusCode: 502)));
        (await VmsctlRunner.RunAsync("--url", server.Url, "devices", "list"))
            .FailsWithOneLine(ExitCodes.Unavailable, "vmsctl: Bad Gateway (502): <html> <body> <h1>502 Bad Gateway</h1> </body> </html>");
    }

    [Test]
    public async Task An_answer_that_is_not_the_documented_shape_is_a_failure_not_a_crash()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/api/devices", () => Results.Json(new { unexpected = true })));
        (await VmsctlRunner.RunAsync("--url", server.Url, "devices", "list")).FailsWithOneLine(ExitCodes.Failure, "vmsctl: Unexpected answer:");
    }
}
