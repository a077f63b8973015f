using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.Offline;

/// <summary>
/// vmsctl errors without a real broker: command lines refused before any request (a server that is
/// down would otherwise make them exit 5), and how the API's documents are printed.
/// </summary>
public sealed class ErrorsCommandOfflineTests
{
    private const string Id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    [TestCase(new[] { "errors", "retry", "vms-management" }, "name a message id, or --all")]
    [TestCase(new[] { "errors", "retry", "vms-management", Id, "--all" }, "exclude each other")]
    [TestCase(new[] { "errors", "purge", "vms-management", "--all" }, "add --yes to confirm")]
    [TestCase(new[] { "errors", "purge", "vms-management", Id }, "add --yes to confirm")]
    [TestCase(new[] { "errors", "show", "../secrets" }, "'../secrets' is not a queue name")]
    [TestCase(new[] { "errors", "show", "vms-management", "not an id" }, "'not an id' is not a message id")]
    [TestCase(new[] { "errors", "show", "vms-management", "--limit", "many" }, "many")]
    public async Task A_bad_command_line_is_a_usage_error_before_any_request(string[] args, string message)
    {
        (await VmsctlRunner.RunAsync(["--url", TestIds.ClosedUrl(), .. args])).FailsWithOneLine(ExitCodes.Usage, message);
    }

    [TestCase("list")]
    [TestCase("show", "vms-management")]
    public async Task A_management_server_that_is_down_is_exit_5(params string[] command)
    {
        (await VmsctlRunner.RunAsync(["--url", TestIds.ClosedUrl(), "errors", .. command])).FailsWithOneLine(ExitCodes.Unavailable, "Server unreachable");
    }

    [Test]
    public async Task A_page_is_a_table_in_queue_order_and_a_node_queue_names_its_error_queue()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/api/errors/vms-management_error", (int? offset) => Results.Json(new
        {
            queue = "vms-management_error", sourceQueue = "vms-management", total = 3, offset = offset ?? 0, limit = 2, truncated = false,
            messages = new[] { Message("a-1", "line one\nline two"), Message("a-2", "short") },
        })));
        var result = (await VmsctlRunner.RunAsync("--url", server.Url, "errors", "show", "vms-management", "--offset", "1", "--limit", "2")).Exits(ExitCodes.Ok);
        Assert.That(result.StdoutLines[0], Is.EqualTo("vms-management_error: 3 failed message(s), 2-3 shown"));
        Assert.That(result.StdoutLines[1], Does.Match(@"^ID\s+TYPE\s+FAULTED\s+EXCEPTION\s+RETRIES\s+SIZE\s+REASON$"));
        Assert.That(result.StdoutLines[2], Does.Match(@"^a-1\s+RecorderStarted\s+2025-06-01T10:00:00Z\s+PostgresException\s+2\s+1\.0 KiB\s+line one line two$"));
        Assert.That(result.StdoutLines[3], Does.StartWith("a-2 "));
    }

    [Test]
    public async Task One_message_shows_its_fields_headers_body_and_stack_trace()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet($"/api/errors/vms-management_error/{Id}", () => Results.Json(new
        {
            message = Message(Id, "database is down"),
            faultConsumerType = "VmsServices.Management.Consumers.RecorderStartedConsumer",
            faultStackTrace = "   at Npgsql.Open()\n   at Consume()",
            properties = new Dictionary<string, string> { ["message-id"] = Id },
            headers = new Dictionary<string, string> { ["MT-Reason"] = "fault", ["MT-Fault-StackTrace"] = "   at Npgsql.Open()" },
            body = new { message = new { recordingServerId = "rec-late" } },
            bodyBase64 = (string?)null,
        })));
        var result = (await VmsctlRunner.RunAsync("--url", server.Url, "errors", "show", "vms-management_error", Id)).Exits(ExitCodes.Ok);
        Assert.That(result.StdoutLines, Has.Some.Match($"^id\\s+{Id}$"));
        Assert.That(result.StdoutLines, Has.Some.Match(@"^queue\s+vms-management_error \(fails from vms-management\)$"));
        Assert.That(result.StdoutLines, Has.Some.Match(@"^consumer\s+VmsServices\.Management\.Consumers\.RecorderStartedConsumer$"));
        Assert.That(result.StdoutLines, Has.Some.Match(@"^MT-Reason\s+fault$"));
        Assert.That(result.StdoutLines.Count(l => l.Contains("at Npgsql.Open()")), Is.EqualTo(1), "the stack trace once, not again as a header");
        Assert.That(result.Stdout, Does.Contain("\"recordingServerId\": \"rec-late\""));
    }

    private static object Message(string id, string reason) => new
    {
        id, messageType = "VmsServices.Messages:RecorderStarted", sourceQueue = "vms-management",
        destinationAddress = "rabbitmq://broker/vms/VmsServices.Messages:RecorderStarted", sourceAddress = (string?)null,
        faultExceptionType = "Npgsql.PostgresException", faultMessage = reason, faultedUtcMicros = 1748772000000000L, sizeBytes = 1024L, retries = 2,
    };
}
