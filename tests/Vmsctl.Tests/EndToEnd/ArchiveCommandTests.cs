using System.Text.Json;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// vmsctl archive against the demo, which has no archiving server and no archive tier: every
/// recording is live, nothing archived or pending; a registered server nobody answers for is named
/// with the reason, and the others still count.
/// </summary>
public sealed class ArchiveCommandTests
{
    private const string Size = @"[\d.]+ (B|KiB|MiB|GiB)";

    [Test]
    public async Task Every_device_shows_its_live_recordings_and_nothing_archived_or_pending()
    {
        var table = (await DemoSystem.RunAsync("archive")).Exits(ExitCodes.Ok);
        Assert.That(table.StdoutLines[0], Does.Match(@"^DEVICE\s+DATA TYPE\s+LIVE\s+ARCHIVED\s+PENDING$"));
        foreach (var device in new[] { "cam-1", "cam-2" })
            Assert.That(table.StdoutLines, Has.Some.Match($@"^{device}\s+video\s+{Size} \([1-9]\d* segments?\)\s+0 B \(0 segments\)\s+0 B \(0 segments\)$"));
        Assert.That(table.Stdout, Does.Not.Contain("NOT ANSWERING"));
    }

    [Test]
    public async Task One_device_also_shows_each_servers_figures()
    {
        var table = (await DemoSystem.RunAsync("archive", "cam-1")).Exits(ExitCodes.Ok);
        Assert.That(table.StdoutLines.Count(l => l.StartsWith("cam-", StringComparison.Ordinal)), Is.EqualTo(1), "cam-1 only");
        Assert.That(table.StdoutLines, Has.Some.Match(@"^SERVER\s+ROLE\s+DATA TYPE\s+LIVE\s+ARCHIVED\s+PENDING$"));
        Assert.That(table.StdoutLines, Has.Some.Match($@"^rec-a\s+recording\s+video\s+{Size} \([1-9]\d* segments?\)\s+0 B \(0 segments\)\s+0 B \(0 segments\)$"));
    }

    [Test]
    public async Task Json_is_the_management_servers_merged_report()
    {
        var json = (await DemoSystem.RunAsync("archive", "cam-1", "--json")).Exits(ExitCodes.Ok).Json;

        var device = json.GetProperty("devices").EnumerateArray().Single();
        Assert.That((device.GetProperty("deviceId").GetString(), device.GetProperty("dataType").GetString()), Is.EqualTo(("cam-1", "video")));
        Assert.That(device.GetProperty("live").GetProperty("segmentCount").GetInt64(), Is.GreaterThan(0));
        Assert.That(device.GetProperty("live").GetProperty("sizeBytes").GetInt64(), Is.GreaterThan(0));
        foreach (var tier in new[] { "archived", "pending" })
            Assert.That(device.GetProperty(tier).GetProperty("segmentCount").GetInt64(), Is.Zero, tier);
        Assert.That(device.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("recordingServerId").GetString()), Does.Contain("rec-a"));
        var answered = json.GetProperty("servers").EnumerateArray().ToDictionary(s => s.GetProperty("recordingServerId").GetString()!, s => s.GetProperty("role").GetString());
        Assert.That(answered, Does.ContainKey("rec-a").WithValue("recording").And.ContainKey("rec-b").WithValue("recording"));
        Assert.That(json.GetProperty("unreachable").ValueKind, Is.EqualTo(JsonValueKind.Array));
    }

    [Test]
    public async Task A_server_that_does_not_answer_is_named_with_its_reason_and_the_others_still_count()
    {
        var id = TestIds.New("gone");
        var address = TestIds.ClosedUrl();
        (await DemoSystem.RunAsync("servers", "add", id, "--address", address)).Exits(ExitCodes.Ok);
        try
        {
            var table = (await DemoSystem.RunAsync("archive")).Exits(ExitCodes.Ok);
            Assert.That(table.StdoutLines, Has.Some.Match(@"^NOT ANSWERING\s+ADDRESS\s+REASON$"));
            Assert.That(table.StdoutLines, Has.Some.Match($@"^{id}\s+{address.Replace(".", @"\.")}\s+\S"));
            Assert.That(table.StdoutLines, Has.Some.StartsWith("cam-1 "), "the servers that answered still count");
            Assert.That(table.Stderr, Does.Contain("leave out the servers that did not answer"));

            var json = (await DemoSystem.RunAsync("archive", "--json")).Exits(ExitCodes.Ok);
            var gone = json.Json.GetProperty("unreachable").EnumerateArray().Single(u => u.GetProperty("recordingServerId").GetString() == id);
            Assert.That(gone.GetProperty("address").GetString(), Is.EqualTo(address));
            Assert.That(gone.GetProperty("reason").GetString(), Is.Not.Empty);
            Assert.That(json.Stderr, Is.Empty, "no notes with --json");
        }
        finally
        {
            await DemoSystem.RunAsync("servers", "remove", id);
        }
    }

    [Test]
    public async Task A_viewer_may_not_see_storage()
    {
        await using var viewer = await SignedInUser.CreateAsync("Viewer");
        (await DemoSystem.RunAsAsync(viewer.Token, ["archive"])).FailsWithOneLine(ExitCodes.Forbidden, "may not do this.");
    }

    [Test]
    public async Task An_invalid_device_id_is_a_usage_error()
    {
        var result = await DemoSystem.RunAsync("archive", "Not/An/Id");
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Usage), result.ToString());
        Assert.That(result.Stderr, Does.Contain("is not a valid id"));
    }
}
