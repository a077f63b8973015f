using System.Collections.Concurrent;
using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// What the console offers by role (api/auth/me): viewers and operators get no move, add, remove or
/// discovery, viewers no export, and a user limited to some cameras sees only those. The console does
/// not even ask for what the user may not have: no request of these tests is refused (403), which the
/// fixture's check for browser errors would catch.
/// </summary>
[TestFixture]
public sealed class RoleTests : ConsoleFixture
{
    private static readonly ConsoleUser Viewer = new("console-viewer", "viewer-password-1");
    private static readonly ConsoleUser Cam1Operator = new("console-cam1", "cam1-password-1");

    [OneTimeSetUp]
    public async Task CreateUsersAsync()
    {
        await Api.PutUserAsync(Viewer, "Viewer");
        await Api.PutUserAsync(Cam1Operator, "Operator", "cam-1");
    }

    [Test]
    public async Task A_viewer_sees_no_move_add_or_attach_controls_and_cannot_drag()
    {
        await ReopenAsync(Viewer);
        var requests = new ConcurrentQueue<string>();
        Page.Request += (_, request) => requests.Enqueue($"{request.Method} {request.Url}");
        await Tab.GoToAsync();
        var camera = Page.Locator(".device[data-device='cam-2']");
        await Expect(camera).ToBeVisibleAsync();
        await Expect(Page.Locator("#session-user")).ToHaveTextAsync("console-viewer · Viewer");
        foreach (var control in new[] { "#add-camera", "#add-server", "#discovery" }) await Expect(Page.Locator(control)).ToBeHiddenAsync();
        await Expect(Page.Locator("#topology-hint p", new() { HasText = "Drag" })).ToBeHiddenAsync();
        var server = await camera.GetAttributeAsync("data-server");
        var other = server == "rec-a" ? "rec-b" : "rec-a";

        // A drag does not pick the camera up: it does not follow the pointer, and nothing is asked of the server.
        var from = (await camera.BoundingBoxAsync())!;
        var to = (await Page.Locator($".server[data-server='{other}']").BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 12 });
        Assert.That(await Page.Locator(".device.dragging").CountAsync(), Is.Zero, "the camera does not follow the pointer");
        await Page.Mouse.UpAsync();
        // The next refresh of the topology comes after anything the drop would have sent.
        await Page.WaitForRequestAsync("**/api/recording-servers/status");
        await Expect(camera).ToHaveAttributeAsync("data-server", server!);
        Assert.That(await camera.GetAttributeAsync("data-pending-to"), Is.Null);

        // The keyboard's Space only selects; the details have the facts and the links, no Move or Remove.
        await camera.FocusAsync();
        await Page.Keyboard.PressAsync(" ");
        await Expect(Page.Locator("#selection-body")).ToContainTextAsync("cam-2");
        await Expect(Page.Locator("#selection-body a", new() { HasText = "History" })).ToBeVisibleAsync();
        Assert.That(await Page.Locator(".drop-zone.target").CountAsync(), Is.Zero, "not picked up");
        Assert.That(await Page.Locator("#selection-body button").CountAsync(), Is.Zero, "no Move, no Remove camera");
        await Page.Locator(".server[data-server='rec-a']").ClickAsync();
        await Expect(Page.Locator("#selection-body")).ToContainTextAsync("rec-a");
        Assert.That(await Page.Locator("#selection-body button").CountAsync(), Is.Zero, "no Remove server");
        await Tab.ScreenshotAsync("viewer-topology", "A viewer's topology: the servers and cameras, no move, add, remove or discovery");

        await Page.Locator("#views-nav a[data-view='viewer']").ClickAsync();
        await Expect(Page.Locator("#timeline .detail rect.run").First).ToBeVisibleAsync(); // a viewer watches recordings
        await Expect(Page.Locator("#export-form")).ToBeHiddenAsync();
        await Tab.ScreenshotAsync("viewer-viewer", "A viewer's viewer: playback and live, no export");

        Assert.That(requests.Where(r => !r.StartsWith("GET ") || r.Contains("/api/discovery")), Is.Empty, "nothing changed, no discovery read");
        Assert.That(await Api.CurrentServerAsync("cam-2"), Is.EqualTo(server), "the configuration table is unchanged");
    }

    [Test]
    public async Task A_user_limited_to_cam_1_sees_only_cam_1()
    {
        // Through the form, from the view asked for: after signing in, that view is shown.
        await ReopenAsync(null);
        Tab.AllowError("api/auth/me");
        await Tab.GoToAsync("#/viewer");
        await Tab.SignInWithFormAsync(Cam1Operator);
        await Expect(Page.Locator("#view-viewer")).ToBeVisibleAsync();
        await Expect(Page.Locator("#session-user")).ToHaveTextAsync("console-cam1 · Operator · 1 camera");
        await Expect(Page.Locator("#viewer-device option")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#viewer-device")).ToHaveValueAsync("cam-1");
        await Expect(Page.Locator("#export-form")).ToBeVisibleAsync(); // operators export

        await Page.Locator("#views-nav a[data-view='topology']").ClickAsync();
        await Expect(Page.Locator(".device[data-device='cam-1']")).ToBeVisibleAsync();
        await Expect(Page.Locator(".device")).ToHaveCountAsync(1);
        await Expect(Page.Locator(".server[data-server='rec-a']")).ToBeVisibleAsync();
        foreach (var control in new[] { "#add-camera", "#add-server", "#discovery" }) await Expect(Page.Locator(control)).ToBeHiddenAsync();
        await Tab.ScreenshotAsync("limited-topology", "A user limited to cam-1: every server, and only cam-1");
    }
}
