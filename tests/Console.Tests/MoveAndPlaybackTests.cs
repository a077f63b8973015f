using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VmsServices.OperatorConsole.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// An operator's walk through the console, in order: the topology, moving cam-1 from rec-a to
/// rec-b by dragging it, its timeline in two colours, playing across the move, exporting across it,
/// its history, and moving it back with the keyboard. Each step is kept as screenshots.
/// </summary>
[TestFixture]
public sealed class MoveAndPlaybackTests : ConsoleFixture
{
    private const long Second = 1_000_000;
    /// <summary>The timeline's left and right padding inside its SVG (timeline.js PAD).</summary>
    private const double TimelinePad = 12;

    [Test, Order(1)]
    public async Task The_topology_shows_both_servers_and_the_simulated_cameras()
    {
        await Tab.GoToAsync();
        foreach (var server in new[] { "rec-a", "rec-b" })
        {
            var card = Page.Locator($".server[data-server='{server}']");
            await Expect(card).ToHaveAttributeAsync("data-state", "online");
            await Expect(card).ToContainTextAsync("recording");
            await Expect(card).ToContainTextAsync("Disk");
        }
        await ExpectLineAsync("cam-1", "rec-a");
        await ExpectLineAsync("cam-2", "rec-b");
        await Tab.ScreenshotAsync("topology", "Both recording servers (state, load, disk) and both simulated cameras with their connection lines");
    }

    [Test, Order(2)]
    public async Task Dragging_a_camera_onto_the_other_server_moves_it_and_redraws_its_line()
    {
        await Tab.GoToAsync();
        await ExpectLineAsync("cam-1", "rec-a");
        // Holds the move request until the pending state has been seen and photographed.
        var release = new TaskCompletionSource();
        await Page.RouteAsync("**/api/devices/cam-1/move", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        try
        {
            await DragAsync(Page.Locator(".device[data-device='cam-1']"), Page.Locator(".server[data-server='rec-b']"));
            await Expect(Page.Locator(".device[data-device='cam-1']")).ToHaveAttributeAsync("data-pending-to", "rec-b");
            await Expect(Page.Locator("line.link.pending[data-device='cam-1'][data-server='rec-b']")).ToHaveCountAsync(1);
            await Tab.ScreenshotAsync("pending", "Dropped on rec-b: cam-1 shows as moving (dashed line) until the management server acknowledges");
            release.SetResult();

            await ExpectLineAsync("cam-1", "rec-b");
            await Expect(Page.Locator(".device[data-device='cam-1']")).Not.ToHaveAttributeAsync("data-pending-to", new Regex("."));
            await Expect(Page.Locator(".notice.success")).ToContainTextAsync("cam-1 moved to rec-b");
            await Tab.ScreenshotAsync("moved", "Acknowledged: cam-1's line is redrawn to rec-b");
        }
        finally
        {
            release.TrySetResult();
            await Page.UnrouteAllAsync();
        }

        var rows = await Api.TableRowsAsync("cam-1");
        Assert.That(rows, Does.Contain(("rec-b", true)), "the configuration table names rec-b as cam-1's current server");
        Assert.That(rows.Where(r => r.IsCurrent).Select(r => r.ServerId), Is.EqualTo(new[] { "rec-b" }));
    }

    [Test, Order(3)]
    public async Task The_timeline_of_the_moved_camera_shows_both_servers_in_their_colours()
    {
        await OpenViewerAfterMoveAsync();
        var rectA = Page.Locator("#timeline .detail rect.run[data-server='rec-a']");
        var rectB = Page.Locator("#timeline .detail rect.run[data-server='rec-b']");
        await Expect(rectA.First).ToBeVisibleAsync();
        var (fillA, fillB) = (await rectA.First.GetAttributeAsync("fill"), await rectB.First.GetAttributeAsync("fill"));
        Assert.That(fillA, Is.Not.EqualTo(fillB), "each server has its own colour");
        await Expect(Page.Locator("#timeline-legend li[data-server='rec-a']")).ToBeVisibleAsync();
        await Expect(Page.Locator("#timeline-legend li[data-server='rec-b']")).ToBeVisibleAsync();
        await Expect(Page.Locator("#timeline .marker[data-kind='moved']")).ToHaveCountAsync(1);
        await Tab.ScreenshotAsync("timeline", "cam-1's timeline: rec-a's stretch, then rec-b's after the move (marked), in two colours");
    }

    [Test, Order(4)]
    public async Task Playing_from_before_the_move_runs_on_past_it_without_an_error()
    {
        var move = await OpenViewerAfterMoveAsync();
        await ClickTimelineAtAsync(move.SwitchUtcMicros - 4 * Second);
        await Expect(Page.Locator("#viewer-position")).ToContainTextAsync("rec-a");
        var source = await Page.Locator("#viewer-video").GetAttributeAsync("src");
        await Tab.ScreenshotAsync("before-move", "Playing from 4 s before the move: video recorded by rec-a");

        // Where the video element is, on the wall clock: playback.mp4 keeps real time from its first segment.
        const string shownUtc = "() => { const v = document.getElementById('viewer-video'); return Number(v.dataset.zeroUtcMicros) + v.currentTime * 1e6; }";
        await Page.WaitForFunctionAsync($"(after) => ({shownUtc})() > after + 1500000", move.After, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var state = await Page.EvaluateAsync<string>("() => { const v = document.getElementById('viewer-video'); return `${v.error?.code ?? 'none'} ${v.paused} ${v.currentTime}`; }");
        Assert.That(state, Does.StartWith("none false"), "the video plays on, with no error");
        Assert.That(await Page.Locator("#viewer-video").GetAttributeAsync("src"), Is.EqualTo(source), "one stitched file across the move: no reload");
        await Expect(Page.Locator("#viewer-position")).ToContainTextAsync("rec-b");
        await Tab.ScreenshotAsync("after-move", "The same playback has run past the move: now video recorded by rec-b, no reload, no error");
    }

    [Test, Order(5)]
    public async Task Exporting_a_range_across_the_move_gives_an_mp4_that_ffprobe_accepts()
    {
        var move = await OpenViewerAfterMoveAsync();
        await Page.Locator("#export-from").FillAsync(Tab.Clock.LocalInput(move.SwitchUtcMicros - 4 * Second));
        await Page.Locator("#export-to").FillAsync(Tab.Clock.LocalInput(move.After + 3 * Second));

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#export-start").ClickAsync());
        var file = Path.Combine(RepoPaths.Root, "artifacts", "console-tests", "export-" + download.SuggestedFilename);
        await download.SaveAsAsync(file);
        await Expect(Page.Locator("#export-status")).ToContainTextAsync("Exported");
        Assert.That(await Page.Locator("#export-progress").EvaluateAsync<double>("p => p.value"), Is.EqualTo(100));
        await Tab.ScreenshotAsync("export", "Export of a range across the move: the progress bar at 100 %");

        var probe = await Ffprobe.ReadAsync(file);
        Assert.That(probe.VideoCodec, Is.EqualTo("h264"));
        Assert.That(probe.DurationSeconds, Is.GreaterThanOrEqualTo(6), "at least the 7 s asked for, less a segment's rounding");
        TestContext.AddTestAttachment(file, "The exported MP4");
    }

    [Test, Order(6)]
    public async Task The_history_of_the_moved_camera_reads_as_a_log()
    {
        await MovedAsync();
        await Tab.GoToAsync("#/history?device=cam-1");
        await Expect(Page.Locator("#history-log li[data-kind='moved']")).ToContainTextAsync("Moved from rec-a to rec-b");
        await Expect(Page.Locator("#history-log li[data-kind='added']")).ToContainTextAsync("assigned to rec-a");
        await Expect(Page.Locator("#history-summary")).ToContainTextAsync("recorded by rec-b");
        await Expect(Page.Locator("#history-summary")).ToContainTextAsync("Older recordings on: rec-a");
        await Tab.ScreenshotAsync("history", "cam-1's history: added on rec-a, online, moved to rec-b");
    }

    [Test, Order(7)]
    public async Task A_camera_moved_with_the_keyboard_goes_back_to_its_first_server()
    {
        await MovedAsync();
        await Tab.GoToAsync();
        await ExpectLineAsync("cam-1", "rec-b");
        await Page.Locator(".device[data-device='cam-1']").FocusAsync();
        await Page.Keyboard.PressAsync(" ");
        // Other tests may have added servers: the arrow keys go round them all.
        for (var i = 0; i < 10 && await Page.Locator(".drop-zone.target").GetAttributeAsync("data-server") != "rec-a"; i++)
            await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Page.Locator(".drop-zone.target")).ToHaveAttributeAsync("data-server", "rec-a");
        await Expect(Page.Locator("#topology-status")).ToContainTextAsync("Picked up cam-1");
        await Tab.ScreenshotAsync("picked-up", "cam-1 picked up with Space; rec-a chosen with the arrow keys");
        await Page.Keyboard.PressAsync("Enter");

        await ExpectLineAsync("cam-1", "rec-a");
        Assert.That(await Api.CurrentServerAsync("cam-1"), Is.EqualTo("rec-a"), "the configuration table names rec-a again");
        await Tab.ScreenshotAsync("moved-back", "Moved back to rec-a with the keyboard alone");
    }

    private async Task ExpectLineAsync(string deviceId, string serverId)
    {
        await Expect(Page.Locator($"line.link:not(.pending)[data-device='{deviceId}']")).ToHaveAttributeAsync("data-server", serverId);
        await Expect(Page.Locator($".device[data-device='{deviceId}']")).ToHaveAttributeAsync("data-server", serverId);
    }

    /// <summary>A pointer drag in small steps, as a hand does it.</summary>
    private async Task DragAsync(ILocator item, ILocator target)
    {
        var from = (await item.BoundingBoxAsync())!;
        var to = (await target.BoundingBoxAsync())!;
        await Page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new MouseMoveOptions { Steps = 12 });
        await Page.Mouse.UpAsync();
    }

    /// <summary>A click on the timeline's detail row at an instant, from the window the SVG says it shows.</summary>
    private async Task ClickTimelineAtAsync(long utcMicros)
    {
        var timeline = Page.Locator("#timeline");
        var from = long.Parse((await timeline.GetAttributeAsync("data-window-from"))!);
        var to = long.Parse((await timeline.GetAttributeAsync("data-window-to"))!);
        Assert.That(utcMicros, Is.InRange(from, to), "the instant is in the shown window");
        var box = (await timeline.BoundingBoxAsync())!;
        var x = TimelinePad + (double)(utcMicros - from) / (to - from) * (box.Width - 2 * TimelinePad);
        var detailRow = Page.Locator("#timeline .detail rect.track");
        var row = (await detailRow.BoundingBoxAsync())!;
        await timeline.ClickAsync(new LocatorClickOptions { Position = new Position { X = (float)x, Y = (float)(row.Y - box.Y + row.Height / 2) } });
    }

    /// <summary>The viewer on cam-1 once its timeline shows rec-b's recordings after the move.</summary>
    private async Task<MovePoints> OpenViewerAfterMoveAsync()
    {
        var move = await MovedAsync();
        await Tab.GoToAsync("#/viewer?device=cam-1");
        await Expect(Page.Locator("#timeline .detail rect.run[data-server='rec-b']").First).ToBeVisibleAsync();
        return move;
    }

    /// <summary>
    /// cam-1's move to rec-b as recorded: moved through the API if the drag test did not run, and
    /// waited on until rec-b has recorded a few seconds after it.
    /// </summary>
    private static async Task<MovePoints> MovedAsync()
    {
        if (await Api.CompletedMoveAsync("cam-1", "rec-b") is null) await Api.MoveAsync("cam-1", "rec-b");
        var move = (await Api.CompletedMoveAsync("cam-1", "rec-b"))!.Value;
        var committed = move.GetProperty("endedUtcMicros").GetInt64();
        var requested = move.GetProperty("requestedUtcMicros").GetInt64();
        var segments = await Eventually.Get(() => Api.SegmentsAsync("cam-1", requested - 30 * Second),
            s => s.Any(x => x.RecordingServerId == "rec-b" && x.EndUtcMicros > committed + 6 * Second), TimeSpan.FromSeconds(60),
            "rec-b to record 6 s of cam-1 after the move");
        return new MovePoints(segments.Where(s => s.RecordingServerId == "rec-b").Min(s => s.StartUtcMicros), committed);
    }

    /// <param name="SwitchUtcMicros">Where playback goes from rec-a's video to rec-b's: the start of rec-b's first segment
    /// (make-before-break: rec-b records before the table changes, and playback takes the later recording from its start).</param>
    /// <param name="CommittedUtcMicros">When the configuration table changed.</param>
    private sealed record MovePoints(long SwitchUtcMicros, long CommittedUtcMicros)
    {
        /// <summary>Past this, the video shown is rec-b's and the move has taken effect.</summary>
        public long After => Math.Max(SwitchUtcMicros, CommittedUtcMicros);
    }
}
