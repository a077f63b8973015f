using Microsoft.Playwright;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>
/// A fixture with its own browser tab on the console, signed in as the administrator unless a test
/// opens another (<see cref="ReopenAsync"/>). Every test ends by checking that the page
/// logged no error (beyond the ones it provoked and allowed) and that no video element failed.
/// </summary>
public abstract class ConsoleFixture
{
    protected ConsolePage Tab { get; private set; } = null!;
    protected IPage Page => Tab.Page;
    protected static SystemApi Api => ConsoleSystem.Api;

    [OneTimeSetUp]
    public async Task OpenPageAsync() => Tab = await ConsolePage.OpenAsync(ConsoleUser.Administrator);

    /// <summary>Replaces the tab with a new one (new cookies) signed in as <paramref name="user"/>, or not signed in (null).</summary>
    protected async Task ReopenAsync(ConsoleUser? user)
    {
        await Tab.DisposeAsync();
        Tab = await ConsolePage.OpenAsync(user);
    }

    [OneTimeTearDown]
    public async Task ClosePageAsync()
    {
        if (Tab is not null) await Tab.DisposeAsync();
    }

    [TearDown]
    public async Task NoErrorsAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed) AttachDemoOutput();
        var errors = Tab.TakeErrors();
        var media = await Tab.MediaErrorsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty, "errors in the browser's console");
            Assert.That(media, Is.Empty, "error events of video elements");
        });
    }

    /// <summary>The demo's log, for the reader of a failed test.</summary>
    private static void AttachDemoOutput()
    {
        var file = Path.Combine(Path.GetTempPath(), $"console-tests-demo-{Guid.NewGuid():N}.log");
        File.WriteAllText(file, ConsoleSystem.DemoOutput);
        TestContext.AddTestAttachment(file, "Output of the demo (management server, rec-a, rec-b)");
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
