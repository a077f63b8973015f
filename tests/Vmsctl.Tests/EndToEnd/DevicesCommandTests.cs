using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

public sealed class DevicesCommandTests
{
    [Test]
    public async Task List_shows_each_device_with_the_server_that_records_it()
    {
        var list = (await DemoSystem.RunAsync("devices", "list")).Exits(ExitCodes.Ok);
        Assert.That(list.StdoutLines[0], Does.Match(@"^ID\s+NAME\s+CURRENT\s+ALSO HELD BY\s+STREAM URL$"));
        Assert.That(list.StdoutLines, Has.Some.Match(@"^cam-1\s+Simulated camera 1\s+video on rec-a\s+rtsp://"));
    }

    [Test]
    public async Task A_device_is_added_with_its_options_shown_and_removed()
    {
        var id = TestIds.New("door");
        var added = (await DemoSystem.RunAsync("devices", "add", id, "--name", "Front door", "--stream-url", TestIds.DeadStream(),
            "--server", "rec-b", "--data-types", "video,audio", "--credentials-ref", "door-secret", "--address", "198.51.100.7")).Exits(ExitCodes.Ok);
        Assert.That(added.Stdout, Does.StartWith($"registered device {id}: ").And.Contain("video on rec-b").And.Contain("audio on rec-b"));
        try
        {
            var shown = (await DemoSystem.RunAsync("devices", "show", id, "--json")).Exits(ExitCodes.Ok).Json;
            var device = shown.GetProperty("device");
            Assert.That(device.GetProperty("name").GetString(), Is.EqualTo("Front door"));
            Assert.That(device.GetProperty("credentialsRef").GetString(), Is.EqualTo("door-secret"));
            Assert.That(device.GetProperty("address").GetString(), Is.EqualTo("198.51.100.7"));
            var rows = shown.GetProperty("entries").EnumerateArray()
                .Select(e => $"{e.GetProperty("dataType").GetString()}@{e.GetProperty("recordingServerId").GetString()}:{e.GetProperty("isCurrent").GetBoolean()}");
            Assert.That(rows, Is.EquivalentTo(new[] { "video@rec-b:True", "audio@rec-b:True" }));

            var text = (await DemoSystem.RunAsync("devices", "show", id)).Exits(ExitCodes.Ok);
            Assert.That(text.StdoutLines, Has.Some.Match($@"^{id}\s+audio\s+rec-b\s+yes$"));
            (await DemoSystem.RunAsync("devices", "add", id, "--stream-url", TestIds.DeadStream(), "--server", "rec-b")).FailsWithOneLine(ExitCodes.Conflict, "Conflict (409)");
        }
        finally
        {
            (await DemoSystem.RunAsync("devices", "remove", id)).Exits(ExitCodes.Ok);
        }
        (await DemoSystem.RunAsync("devices", "show", id)).FailsWithOneLine(ExitCodes.NotFound, $"Device '{id}' is not registered");
    }

    [Test]
    public async Task An_unknown_device_is_not_found_in_one_line_or_as_the_servers_problem_document()
    {
        (await DemoSystem.RunAsync("devices", "show", "no-such-device")).FailsWithOneLine(ExitCodes.NotFound, "vmsctl: Not found (404): Device 'no-such-device' is not registered.");

        var json = (await DemoSystem.RunAsync("devices", "show", "no-such-device", "--json")).Exits(ExitCodes.NotFound);
        Assert.That(json.Stdout, Is.Empty);
        Assert.That(json.Problem.GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(json.Problem.GetProperty("detail").GetString(), Is.EqualTo("Device 'no-such-device' is not registered."));
    }

    [Test]
    public async Task Removing_an_unknown_device_is_not_found()
    {
        (await DemoSystem.RunAsync("devices", "remove", "no-such-device")).FailsWithOneLine(ExitCodes.NotFound, "not registered");
    }

    [Test]
    public async Task A_device_on_an_unknown_server_is_not_found()
    {
        (await DemoSystem.RunAsync("devices", "add", TestIds.New("cam"), "--stream-url", TestIds.DeadStream(), "--server", "no-such-server"))
            .FailsWithOneLine(ExitCodes.NotFound, "Recording server 'no-such-server' is not registered");
    }

    [Test]
    public async Task Credentials_in_the_stream_url_are_refused_as_invalid_input()
    {
        (await DemoSystem.RunAsync("devices", "add", TestIds.New("cam"), "--stream-url", "rtsp://admin:secret@127.0.0.1:554/x", "--server", "rec-a"))
            .FailsWithOneLine(ExitCodes.Usage, "must not contain credentials");
    }

    [Test]
    public async Task An_unknown_data_type_is_refused_as_invalid_input()
    {
        (await DemoSystem.RunAsync("devices", "add", TestIds.New("cam"), "--stream-url", TestIds.DeadStream(), "--server", "rec-a", "--data-types", "smell"))
            .FailsWithOneLine(ExitCodes.Usage, "'smell' is not one of video, audio");
    }
}
