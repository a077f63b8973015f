using Microsoft.Playwright;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (package chromium), driven by Playwright through executablePath: Playwright's
/// own browser download cannot run on these machines. Missing, the tests are ignored with the reason,
/// unless VMS_REQUIRE_SERVERS=1 (CI), where they fail.
/// </summary>
public static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var message = $"{ExecutablePath} is missing: install Debian's chromium package (.ci/run does).";
            if (Environment.GetEnvironmentVariable("VMS_REQUIRE_SERVERS") == "1") Assert.Fail(message);
            Assert.Ignore(message);
        }
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
