using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// vmsctl errors against the embedded demo, whose bus is in-memory: the management server answers
/// 501 with the reason, and vmsctl reports it as a failure (exit 1), not as a server that is down.
/// (Over RabbitMQ the commands run in tests/Integration.Tests, FailedMessageTests.)
/// </summary>
public sealed class ErrorsCommandTests
{
    [TestCase("list")]
    [TestCase("show", "vms-management")]
    [TestCase("retry", "vms-management", "--all")]
    [TestCase("purge", "vms-management_error", "--all", "--yes")]
    public async Task On_the_in_memory_bus_every_errors_command_fails_with_the_reason(params string[] command)
    {
        (await DemoSystem.RunAsync(["errors", .. command])).FailsWithOneLine(ExitCodes.Failure, "Error queues are listed on RabbitMQ only");
    }

    [Test]
    public async Task With_json_the_reason_is_the_servers_problem_document()
    {
        var result = (await DemoSystem.RunAsync("--json", "errors", "list")).Exits(ExitCodes.Failure);
        Assert.That(result.Problem.GetProperty("status").GetInt32(), Is.EqualTo(501));
        Assert.That(result.Problem.GetProperty("detail").GetString(), Does.Contain("in-memory"));
        Assert.That(result.Stdout, Is.Empty);
    }
}
