using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using VmsServices.OperatorConsole.Tests.Infrastructure;
using VmsServices.SimCamera;
using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>Changing the system from the topology: servers and cameras added and removed, a refused move, an attached discovery.</summary>
[TestFixture]
public sealed class TopologyEditingTests : ConsoleFixture
{
    [SetUp]
    public async Task OpenTopologyAsync()
    {
        await Tab.GoToAsync();
        await Expect(Page.Locator(".server[data-server='rec-a']")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_refused_move_shows_its_reason_and_leaves_the_camera_where_it_was()
    {
        // A server that is registered but never runs: a move there cannot start recording and times out.
        var serverId = "rec-nowhere";
        await Page.Locator("#add-server summary").ClickAsync();
        var form = Page.Locator("#add-server-form");
        await form.Locator("[name=id]").FillAsync(serverId);
        await form.Locator("[name=name]").FillAsync("Never started");
        await form.Locator("[name=address]").FillAsync($"http://127.0.0.1:{Ports.Free()}");
        await form.Locator("button[type=submit]").ClickAsync();
        var card = Page.Locator($".server[data-server='{serverId}']");
        await Expect(card).ToHaveAttributeAsync("data-state", "registered");
        await Tab.ScreenshotAsync("server-added", "A recording server added from the console: registered, never heard from");

        // The browser logs the move's error answer (504): provoked here on purpose.
        Tab.AllowError("api/devices/cam-2/move");
        var camera = Page.Locator(".device[data-device='cam-2']");
        await camera.DragToAsync(card);
        await Expect(camera).ToHaveAttributeAsync("data-pending-to", serverId);
        await Expect(Page.Locator(".notice.error")).ToContainTextAsync($"cam-2 was not moved to {serverId}", new() { Timeout = 60_000 });
        await Expect(Page.Locator("line.link:not(.pending)[data-device='cam-2']")).ToHaveAttributeAsync("data-server", "rec-b");
        await Tab.ScreenshotAsync("move-refused", "The move is refused: the reason is shown and cam-2's line stays on rec-b");
        Assert.That(await Api.CurrentServerAsync("cam-2"), Is.EqualTo("rec-b"));

        await card.ClickAsync();
        await Page.Locator("#selection-body button.danger").ClickAsync();
        await Expect(Page.Locator("#confirm-dialog")).ToBeVisibleAsync();
        await Page.Locator("#confirm-ok").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        Assert.That(await Api.StatusOfAsync($"/api/recording-servers/{serverId}"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_camera_added_from_the_console_is_assigned_and_can_be_removed()
    {
        var deviceId = "console-door";
        var stream = (await Api.GetAsync("/api/devices/cam-2")).GetProperty("device").GetProperty("streamUrl").GetString()!;
        try
        {
            await Page.Locator("#add-camera summary").ClickAsync();
            var form = Page.Locator("#add-camera-form");
            await form.Locator("[name=id]").FillAsync(deviceId);
            await form.Locator("[name=name]").FillAsync("Door (added in the console)");
            await form.Locator("[name=streamUrl]").FillAsync(stream);
            await form.Locator("button[type=submit]").ClickAsync();
            var camera = Page.Locator($".device[data-device='{deviceId}']");
            await Expect(camera).ToHaveAttributeAsync("data-server", new System.Text.RegularExpressions.Regex("^rec-[ab]$"));
            await Expect(Page.Locator($"line.link[data-device='{deviceId}']")).ToHaveCountAsync(1);
            await Tab.ScreenshotAsync("camera-added", "A camera added with automatic placement: the server with most capacity left took it");

            await camera.ClickAsync();
            await Expect(Page.Locator("#selection-body")).ToContainTextAsync(stream);
            await Page.Locator("#selection-body button.danger").ClickAsync();
            await Page.Locator("#confirm-ok").ClickAsync();
            await Expect(camera).ToHaveCountAsync(0);
            Assert.That(await Api.StatusOfAsync($"/api/devices/{deviceId}"), Is.EqualTo(HttpStatusCode.NotFound));
        }
        finally
        {
            await Api.DeleteDeviceIfAnyAsync(deviceId);
        }
    }

    [Test]
    public async Task A_discovered_camera_is_attached_with_one_action()
    {
        await using var camera = await SimulatedCameraServer.StartAsync(new SimulatedCameraOptions
        {
            Port = 0, Cameras = 1, OnvifPort = 0, IdentitySeed = "console-tests",
            DiscoveryEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
        });
        var endpointReference = camera.GetEndpointReference(1);
        string? attachedAs = null;
        try
        {
            await Page.Locator("#probe-form [name=address]").FillAsync(camera.DiscoveryEndpoint!.ToString());
            await Page.Locator("#probe-form button").ClickAsync();
            var found = Page.Locator($"#discovered-list li[data-endpoint='{endpointReference}']");
            await Expect(found).ToBeVisibleAsync();
            await Tab.ScreenshotAsync("discovered", "A probed ONVIF camera is listed as discovered, not attached");

            await found.Locator("button").ClickAsync();
            await Expect(Page.Locator(".notice.success")).ToContainTextAsync("Attached as");
            attachedAs = await AttachedDeviceAsync(endpointReference);
            Assert.That(attachedAs, Is.Not.Null, "the discovery list names the device it became");
            await Expect(Page.Locator($".device[data-device='{attachedAs}']")).ToHaveAttributeAsync("data-server", new System.Text.RegularExpressions.Regex("^rec-[ab]$"));
            await Expect(found).ToHaveCountAsync(0);
            await Tab.ScreenshotAsync("attached", "Attached: it is a camera of the topology, recorded by a server with capacity");
        }
        finally
        {
            attachedAs ??= await AttachedDeviceAsync(endpointReference);
            if (attachedAs is not null) await Api.DeleteDeviceIfAnyAsync(attachedAs);
        }
    }

    private static async Task<string?> AttachedDeviceAsync(string endpointReference) =>
        (await Api.GetAsync("/api/discovery")).EnumerateArray()
            .Where(c => c.GetProperty("endpointReference").GetString() == endpointReference)
            .Select(c => c.GetProperty("attachedDeviceId"))
            .Where(id => id.ValueKind == JsonValueKind.String)
            .Select(id => id.GetString())
            .FirstOrDefault();
}
