using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>The live view: the relay of the camera's recording server, appended to the video as it arrives.</summary>
[TestFixture]
public sealed class LiveViewTests : ConsoleFixture
{
    [Test]
    public async Task The_live_view_plays_what_was_just_recorded_and_keeps_up()
    {
        await Tab.GoToAsync("#/viewer?device=cam-2");
        await Page.Locator("#viewer-live").ClickAsync();
        await Expect(Page.Locator("#viewer-live")).ToHaveAttributeAsync("aria-pressed", "true");
        // The relay streams one fragment per GOP; the video runs on 4 s further on what keeps arriving.
        await Page.WaitForFunctionAsync("() => document.getElementById('viewer-video').currentTime > 0", null, new() { Timeout = 60_000 });
        var first = await Page.EvaluateAsync<double>("() => document.getElementById('viewer-video').buffered.end(0)");
        await Page.WaitForFunctionAsync("(first) => document.getElementById('viewer-video').currentTime > first + 4", first, new() { Timeout = 60_000 });
        Assert.That(await Page.EvaluateAsync<int>("() => document.getElementById('viewer-video').buffered.length"), Is.EqualTo(1),
            "the fragments are back to back: one buffered range, no hole");
        await Expect(Page.Locator("#viewer-readout")).ToContainTextAsync("Live from the camera");
        var behind = await Page.EvaluateAsync<double>("() => Number(/about (\\d+) s behind/.exec(document.getElementById('viewer-readout').textContent)?.[1] ?? -1)");
        Assert.That(behind, Is.InRange(0, 60), "shows recent video (the bound only rules out old recordings)");
        var shown = await Page.EvaluateAsync<double>("() => document.getElementById('viewer-video').currentTime * 1e6");
        Assert.That(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 - shown, Is.InRange(0, 60e6), "the play position is the wall-clock instant filmed");
        await Tab.ScreenshotAsync("live", "Live view of cam-2, relayed by its recording server");
        await Page.Locator("#viewer-live").ClickAsync();
        await Expect(Page.Locator("#viewer-live")).ToHaveAttributeAsync("aria-pressed", "false");
    }
}
