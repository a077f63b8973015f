using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

public sealed class ServersCommandTests
{
    [Test]
    public async Task List_shows_the_running_recording_servers_as_a_table_and_as_json()
    {
        var table = (await DemoSystem.RunAsync("servers", "list")).Exits(ExitCodes.Ok);
        Assert.That(table.StdoutLines[0], Does.Match(@"^ID\s+NAME\s+ADDRESS$"));
        Assert.That(table.StdoutLines, Has.Some.Match(@"^rec-a\s+rec-a\s+http://127\.0\.0\.1:\d+$"));
        Assert.That(table.StdoutLines, Has.Some.StartsWith("rec-b "));

        var json = (await DemoSystem.RunAsync("servers", "list", "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(json.EnumerateArray().Select(s => s.GetProperty("id").GetString()), Is.SupersetOf(new[] { "rec-a", "rec-b" }));
    }

    [Test]
    public async Task Status_shows_both_servers_online_with_their_last_heartbeat_and_load()
    {
        var table = (await DemoSystem.RunAsync("servers", "status")).Exits(ExitCodes.Ok);
        Assert.That(table.StdoutLines[0], Does.Match(@"^ID\s+STATE\s+LAST SEEN \(UTC\)\s+DEVICES\s+STREAMS\s+MBIT/S\s+DISK FREE$"));
        foreach (var server in new[] { "rec-a", "rec-b" })
            Assert.That(table.StdoutLines, Has.Some.Match($@"^{server}\s+online\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+\d+\s+\d+\s+\d+\.\d\s+[\d.]+ \w?i?B of [\d.]+ \w?i?B$"));

        var json = (await DemoSystem.RunAsync("servers", "status", "--json")).Exits(ExitCodes.Ok).Json;
        var recA = json.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "rec-a");
        Assert.That(recA.GetProperty("state").GetString(), Is.EqualTo("online"));
        Assert.That(recA.GetProperty("devices").GetInt32(), Is.GreaterThanOrEqualTo(1), "cam-1");
        Assert.That(recA.GetProperty("load").GetProperty("diskTotalBytes").GetInt64(), Is.GreaterThan(0));
    }

    [Test]
    public async Task A_server_is_added_shown_refused_twice_and_removed()
    {
        var id = TestIds.New("spare");
        var address = TestIds.ClosedUrl();

        var added = (await DemoSystem.RunAsync("servers", "add", id, "--name", "Spare server", "--address", address)).Exits(ExitCodes.Ok);
        Assert.That(added.Stdout, Does.Contain($"registered recording server {id} at {address}"));
        (await DemoSystem.RunAsync("servers", "add", id, "--address", address)).FailsWithOneLine(ExitCodes.Conflict, "already registered");

        var shown = (await DemoSystem.RunAsync("servers", "show", id, "--json")).Exits(ExitCodes.Ok).Json;
        Assert.That(shown.GetProperty("name").GetString(), Is.EqualTo("Spare server"));
        Assert.That(shown.GetProperty("configurationTable").GetProperty("entries").GetArrayLength(), Is.Zero);

        (await DemoSystem.RunAsync("servers", "remove", id)).Exits(ExitCodes.Ok);
        (await DemoSystem.RunAsync("servers", "show", id)).FailsWithOneLine(ExitCodes.NotFound, "Not found (404)");
    }

    [Test]
    public async Task Show_lists_the_rows_that_name_the_server()
    {
        var shown = (await DemoSystem.RunAsync("servers", "show", "rec-a")).Exits(ExitCodes.Ok);
        Assert.That(shown.StdoutLines, Has.Some.Match(@"^cam-1\s+video\s+rec-a\s+yes$"));
    }

    [Test]
    public async Task Removing_a_server_that_still_records_devices_is_a_conflict()
    {
        (await DemoSystem.RunAsync("servers", "remove", "rec-a")).FailsWithOneLine(ExitCodes.Conflict, "Conflict (409): Recording server 'rec-a' still has");
    }

    [Test]
    public async Task Removing_an_unknown_server_is_not_found()
    {
        (await DemoSystem.RunAsync("servers", "remove", "no-such-server")).FailsWithOneLine(ExitCodes.NotFound, "'no-such-server' is not registered");
    }

    [Test]
    public async Task An_invalid_address_is_refused_by_the_server_as_invalid_input()
    {
        (await DemoSystem.RunAsync("servers", "add", TestIds.New("bad"), "--address", "ftp://example")).FailsWithOneLine(ExitCodes.Usage, "Invalid request (400)");
    }
}
