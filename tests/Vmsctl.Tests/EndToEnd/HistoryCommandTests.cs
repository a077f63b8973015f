using System.Text.Json;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

public sealed class HistoryCommandTests
{
    private const string Time = @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ";

    [Test]
    public async Task A_demo_camera_shows_its_current_owner_and_how_it_was_added()
    {
        var history = (await DemoSystem.RunAsync("history", "cam-1")).Exits(ExitCodes.Ok);
        Assert.That(history.StdoutLines[0], Does.Match(@"^device cam-1: (online|unknown), current owner rec-a$"));
        Assert.That(history.StdoutLines, Has.Member("previous owners: none"));
        Assert.That(history.StdoutLines, Has.Some.Match(@"^TIME \(UTC\)\s+EVENT\s+SERVER\s+FROM SERVER\s+DETAIL$"));
        Assert.That(history.StdoutLines, Has.Some.Match($@"^{Time}\s+added\s+rec-a\s+-\s+manual$"));

        var json = (await DemoSystem.RunAsync("history", "cam-1", "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(json.GetProperty("currentOwner").GetString(), Is.EqualTo("rec-a"));
        Assert.That(json.GetProperty("events")[0].GetProperty("kind").GetString(), Is.EqualTo("added"));
    }

    [Test]
    public async Task A_moved_device_names_its_previous_owner_and_the_move()
    {
        var id = TestIds.New("moved");
        (await DemoSystem.RunAsync("devices", "add", id, "--stream-url", DemoSystem.CameraStream, "--server", "rec-a")).Exits(ExitCodes.Ok);
        try
        {
            (await DemoSystem.RunAsync("move", id, "rec-b")).Exits(ExitCodes.Ok);

            var history = (await DemoSystem.RunAsync("history", id)).Exits(ExitCodes.Ok);
            Assert.That(history.StdoutLines[0], Does.Match($@"^device {id}: \w+, current owner rec-b$"));
            Assert.That(history.StdoutLines, Has.Some.Match(@"^PREVIOUS OWNER\s+FROM \(UTC\)\s+UNTIL \(UTC\)\s+STATE$"));
            Assert.That(history.StdoutLines, Has.Some.Match($@"^rec-a\s+{Time}\s+{Time}\s+indirect$"));
            Assert.That(history.StdoutLines, Has.Some.Match($@"^{Time}\s+moved\s+rec-b\s+rec-a\s"));

            var json = (await DemoSystem.RunAsync("history", id, "--json")).Exits(ExitCodes.Ok).Json;
            var kinds = json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString());
            Assert.That(kinds, Does.Contain("added").And.Contain("moved"));
            Assert.That(json.GetProperty("previousOwners").EnumerateArray().Select(o => o.GetProperty("recordingServerId").GetString()), Is.EqualTo(new[] { "rec-a" }));
        }
        finally
        {
            await DemoSystem.RunAsync("devices", "remove", id);
        }
    }

    [Test]
    public async Task An_unknown_device_is_not_found()
    {
        (await DemoSystem.RunAsync("history", "no-such-device")).FailsWithOneLine(ExitCodes.NotFound, "Device 'no-such-device' is not registered and has no history");
    }
}
