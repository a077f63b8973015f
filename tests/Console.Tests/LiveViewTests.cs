using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>The near-live view: the newest recorded segments, appended as they are committed.</summary>
[TestFixture]
public sealed class LiveViewTests : ConsoleFixture
{
    [Test]
    public async Task The_live_view_plays_what_was_just_recorded_and_keeps_up()
    {
        await Tab.GoToAsync("#/viewer?device=cam-2");
        await Page.Locator("#viewer-live").ClickAsync();
        await Expect(Page.Locator("#viewer-live")).ToHaveAttributeAsync("aria-pressed", "true");
        // The first pull brings the last ~10 s; the video then runs on 4 s further, on what later pulls appended.
        await Page.WaitForFunctionAsync("() => document.getElementById('viewer-video').currentTime > 0", null, new() { Timeout = 60_000 });
        var first = await Page.EvaluateAsync<double>("() => document.getElementById('viewer-video').buffered.end(0)");
        await Page.WaitForFunctionAsync("(first) => document.getElementById('viewer-video').currentTime > first + 4", first, new() { Timeout = 60_000 });
        Assert.That(await Page.EvaluateAsync<int>("() => document.getElementById('viewer-video').buffered.length"), Is.EqualTo(1),
            "the pieces are back to back: one buffered range, no hole");
        await Expect(Page.Locator("#viewer-readout")).ToContainTextAsync("Near-live from recorded segments");
        var behind = await Page.EvaluateAsync<double>("() => Number(/about (\\d+) s behind/.exec(document.getElementById('viewer-readout').textContent)?.[1] ?? -1)");
        Assert.That(behind, Is.InRange(0, 60), "shows recent video (the bound only rules out old recordings)");
        await Tab.ScreenshotAsync("live", "Near-live view of cam-2, built on the newest recorded segments");
        await Page.Locator("#viewer-live").ClickAsync();
        await Expect(Page.Locator("#viewer-live")).ToHaveAttributeAsync("aria-pressed", "false");
    }
}
