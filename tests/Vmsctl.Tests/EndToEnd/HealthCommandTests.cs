using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

public sealed class HealthCommandTests
{
    [Test]
    public async Task The_management_server_is_ready()
    {
        var health = (await DemoSystem.RunAsync("health")).Exits(ExitCodes.Ok);
        Assert.That(health.StdoutLines[0], Does.Match(@"^NODE\s+URL\s+STATUS\s+DETAIL$"));
        Assert.That(health.StdoutLines[1], Does.Match($@"^management\s+{DemoSystem.Url}\s+Healthy$"));
        Assert.That(health.StdoutLines, Has.Length.EqualTo(2));
    }

    [Test]
    public async Task All_asks_every_recording_server_too()
    {
        var health = (await DemoSystem.RunAsync("health", "--all", "--json")).Exits(ExitCodes.Ok).Json;
        var nodes = health.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("status").GetString());
        Assert.That(nodes.Keys, Is.SupersetOf(new[] { "management", "rec-a", "rec-b" }));
        // Degraded (a recorder backing off a camera another test added) still serves.
        Assert.That(nodes.Values, Is.All.AnyOf("Healthy", "Degraded"));
    }

    [Test]
    public async Task A_registered_recording_server_that_does_not_answer_makes_all_unhealthy()
    {
        var down = TestIds.New("down");
        (await DemoSystem.RunAsync("servers", "add", down, "--address", TestIds.ClosedUrl())).Exits(ExitCodes.Ok);
        try
        {
            var health = (await DemoSystem.RunAsync("health", "--all")).Exits(ExitCodes.Unhealthy);
            Assert.That(health.StdoutLines, Has.Some.Match($@"^{down}\s+http://127\.0\.0\.1:\d+\s+Unreachable\s+.*Connection refused"));

            (await DemoSystem.RunAsync("health")).Exits(ExitCodes.Ok);
        }
        finally
        {
            await DemoSystem.RunAsync("servers", "remove", down);
        }
    }
}
