using System.Text.Json;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.EndToEnd;

/// <summary>
/// Discovery and attach against the demo's simulated ONVIF cameras: cam-1 and cam-2 were attached by
/// the demo itself, the third waits for an operator. Only the first test attaches it.
/// </summary>
public sealed class DiscoveryCommandTests
{
    [Test]
    public async Task A_waiting_camera_is_listed_attached_once_and_then_already_known()
    {
        var waiting = (await DiscoveredAsync()).Single(c => c.GetProperty("attachedDeviceId").ValueKind == JsonValueKind.Null);
        var reference = waiting.GetProperty("endpointReference").GetString()!;
        var listed = (await DemoSystem.RunAsync("discover")).Exits(ExitCodes.Ok);
        Assert.That(listed.StdoutLines[0], Does.Match(@"^ENDPOINT REFERENCE\s+NAME\s+HARDWARE\s+ATTACHED AS\s+LAST SEEN \(UTC\)\s+DEVICE SERVICE URL$"));
        Assert.That(listed.StdoutLines, Has.Some.Match($@"^{reference}\s+SimCamera cam3\s+SimCamera\s+-\s+\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+http://127\.0\.0\.1:\d+/onvif/cam3/device_service$"));
        Assert.That(listed.Stderr, Does.Contain("vmsctl attach <endpoint reference>"));

        var id = TestIds.New("lobby");
        try
        {
            var attached = (await DemoSystem.RunAsync("attach", reference, "--id", id, "--name", "Lobby", "--server", "rec-b")).Exits(ExitCodes.Ok);
            Assert.That(attached.Stdout, Does.Match($@"^attached as new device {id} \(""Lobby""\): video on rec-b, stream rtsp://127\.0\.0\.1:\d+/cam3"));

            var again = (await DemoSystem.RunAsync("attach", reference, "--json")).Exits(ExitCodes.Ok).Json;
            Assert.That(again.GetProperty("alreadyKnown").GetBoolean(), Is.True);
            Assert.That(again.GetProperty("device").GetProperty("device").GetProperty("id").GetString(), Is.EqualTo(id));
            var text = (await DemoSystem.RunAsync("attach", reference)).Exits(ExitCodes.Ok);
            Assert.That(text.Stdout, Does.StartWith($"already known: the camera is device {id} (\"Lobby\"), video on rec-b;"));

            var now = (await DiscoveredAsync()).Single(c => c.GetProperty("endpointReference").GetString() == reference);
            Assert.That(now.GetProperty("attachedDeviceId").GetString(), Is.EqualTo(id));
        }
        finally
        {
            await DemoSystem.RunAsync("devices", "remove", id);
        }
    }

    [Test]
    public async Task The_cameras_the_demo_attached_are_listed_with_their_device_ids()
    {
        var attached = (await DiscoveredAsync()).Select(c => c.GetProperty("attachedDeviceId")).Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString());
        Assert.That(attached, Is.SupersetOf(new[] { "cam-1", "cam-2" }));
    }

    [Test]
    public async Task A_probe_runs_first_and_says_how_many_cameras_answered()
    {
        var probed = (await DemoSystem.RunAsync("discover", "--probe", DemoSystem.DiscoveryAddress)).Exits(ExitCodes.Ok);
        Assert.That(probed.Stderr, Does.StartWith($"probe {DemoSystem.DiscoveryAddress}: 3 cameras answered"));
        Assert.That(probed.StdoutLines.Count(l => l.StartsWith("urn:uuid:")), Is.EqualTo(3), probed.ToString());

        var json = (await DemoSystem.RunAsync("discover", "--probe", DemoSystem.DiscoveryAddress, "--json")).Exits(ExitCodes.Ok);
        Assert.That(json.Stderr, Is.Empty, "with --json, notes are left out");
        Assert.That(json.Json.GetArrayLength(), Is.EqualTo(3));
    }

    [TestCase("239.255.255.250:3702", "multicast")]
    [TestCase("camera.example:3702", "is not an address:port")]
    public async Task A_probe_of_a_multicast_or_malformed_address_is_refused_as_invalid_input(string address, string reason)
    {
        (await DemoSystem.RunAsync("discover", "--probe", address)).FailsWithOneLine(ExitCodes.Usage, reason);
    }

    [Test]
    public async Task Attaching_an_unknown_endpoint_reference_is_not_found()
    {
        (await DemoSystem.RunAsync("attach", "urn:uuid:00000000-0000-0000-0000-000000000000"))
            .FailsWithOneLine(ExitCodes.NotFound, "No discovered camera has the endpoint reference 'urn:uuid:00000000-0000-0000-0000-000000000000'");
    }

    [Test]
    public async Task A_device_service_url_nobody_answers_is_a_camera_that_refused()
    {
        (await DemoSystem.RunAsync("attach", "--device-service-url", $"{TestIds.ClosedUrl()}/onvif/device_service"))
            .FailsWithOneLine(ExitCodes.Unavailable, "could not be attached");
    }

    private static async Task<List<JsonElement>> DiscoveredAsync() =>
        (await DemoSystem.RunAsync("discover", "--json")).Exits(ExitCodes.Ok).Json.EnumerateArray().ToList();
}
