using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// A camera's storage in its details (api/archive?deviceId=, issue #9): an administrator sees how much
/// is live, archived and pending; a viewer is not shown it, and the console does not ask for it.
/// The demo has no archiving server and no archive tier: everything is live.
/// </summary>
[TestFixture]
public sealed partial class StorageTests : ConsoleFixture
{
    private static readonly ConsoleUser Viewer = new("console-storage-viewer", "viewer-password-2");

    [OneTimeSetUp]
    public async Task CreateViewerAsync() => await Api.PutUserAsync(Viewer, "Viewer");

    [Test]
    public async Task An_administrator_sees_how_much_of_a_camera_is_live_archived_and_pending()
    {
        await ReopenAsync(ConsoleUser.Administrator);
        await Tab.GoToAsync();
        var camera = Page.Locator(".device[data-device='cam-1']");
        await Expect(camera).ToBeVisibleAsync();
        var asked = Page.WaitForResponseAsync(r => r.Url.Contains("/api/archive?deviceId=cam-1"));
        await camera.ClickAsync();

        Assert.That((await asked).Status, Is.EqualTo(200));
        await Expect(Page.Locator("#selection-body dl.facts")).ToContainTextAsync(StorageLine());
        await Tab.ScreenshotAsync("administrator-storage", "An administrator's details of cam-1, with its storage");
    }

    [Test]
    public async Task A_viewer_is_not_shown_storage_and_the_console_does_not_ask_for_it()
    {
        await ReopenAsync(Viewer);
        var requests = new ConcurrentQueue<string>();
        Page.Request += (_, request) => requests.Enqueue(request.Url);
        await Tab.GoToAsync();
        await Page.Locator(".device[data-device='cam-1']").ClickAsync();
        await Expect(Page.Locator("#selection-body")).ToContainTextAsync("cam-1");
        // A refresh of the topology redraws the details after anything the selection would have asked.
        await Page.WaitForRequestAsync("**/api/recording-servers/status");
        await Page.WaitForRequestAsync("**/api/recording-servers/status");

        await Expect(Page.Locator("#selection-body dt", new() { HasText = "Storage" })).ToHaveCountAsync(0);
        Assert.That(requests.Where(r => r.Contains("/api/archive")), Is.Empty);
    }

    /// <summary>The fact as dt + dd: "Storage" "live 12.3 MB, archived 0 B, pending 0 B" (live is never empty: cam-1 records).</summary>
    [GeneratedRegex(@"Storage\s*live [1-9][\d.]* [kMGT]B, archived 0 B, pending 0 B")]
    private static partial Regex StorageLine();
}
