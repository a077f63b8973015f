using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>
/// A browser tab on the console, 1366x768 (a common laptop screen), in the <see cref="BrowserClock"/>
/// time zone, signed in as a user or not at all. It keeps every console error, uncaught exception
/// and media element error the page reports, so that each test can end by checking there were none,
/// and saves numbered screenshots of a test's steps as its attachments (under artifacts/console-tests/).
/// </summary>
public sealed partial class ConsolePage : IAsyncDisposable
{
    /// <summary>Records the error events of every audio/video element (they do not bubble, so captured).</summary>
    private const string MediaErrorRecorder = """
        window.__mediaErrors = [];
        document.addEventListener('error', (e) => {
          if (e.target instanceof HTMLMediaElement) window.__mediaErrors.push(e.target.error ? `${e.target.error.code} ${e.target.error.message}` : 'error');
        }, true);
        """;

    /// <summary>The console's session cookie (Hosting/Security/TokenAuthenticationHandler.CookieName).</summary>
    public const string SessionCookie = "vms_session";

    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly List<string> _allowed = [];
    private string? _shotsOf;
    private int _shots;

    private ConsolePage(IBrowserContext context, IPage page, BrowserClock clock)
    {
        _context = context;
        Page = page;
        Clock = clock;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") Record($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
    }

    public IPage Page { get; }
    public BrowserClock Clock { get; }
    public IBrowserContext Context => _context;

    /// <summary>
    /// A new tab (its own cookies), signed in as <paramref name="user"/> the way the console's own
    /// form leaves it: with the HttpOnly session cookie holding the user's token. Null: not signed in,
    /// so the console shows its sign-in form.
    /// </summary>
    public static async Task<ConsolePage> OpenAsync(ConsoleUser? user)
    {
        var clock = BrowserClock.NoonNow();
        var context = await ConsoleSystem.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            TimezoneId = clock.TimeZoneId,
            AcceptDownloads = true,
        });
        try
        {
            context.SetDefaultTimeout(30_000);
            await context.AddInitScriptAsync(MediaErrorRecorder);
            if (user is not null)
            {
                await context.AddCookiesAsync(
                [
                    new Cookie
                    {
                        Name = SessionCookie, Value = await ConsoleSystem.Api.TokenAsync(user), Url = ConsoleSystem.Url,
                        HttpOnly = true, SameSite = SameSiteAttribute.Strict,
                    },
                ]);
            }
            var page = await context.NewPageAsync();
            return new ConsolePage(context, page, clock);
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>Fills in and sends the console's sign-in form, which must be showing.</summary>
    public async Task SignInWithFormAsync(ConsoleUser user)
    {
        var form = Page.Locator("#sign-in-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await form.Locator("[name=userName]").FillAsync(user.Name);
        await form.Locator("[name=password]").FillAsync(user.Password);
        await form.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>Opens a view of the console (a fragment such as "#/viewer?device=cam-1"), starting from "/" as an operator does.</summary>
    public async Task GoToAsync(string fragment = "")
    {
        await Page.GotoAsync(ConsoleSystem.Url + "/");
        Assert.That(Page.Url, Does.EndWith("/console/"), "/ leads to the console");
        if (fragment.Length > 0) await Page.GotoAsync(ConsoleSystem.Url + "/console/" + fragment);
    }

    /// <summary>An error the current test provokes on purpose: a browser logs every HTTP error answer it receives.</summary>
    public void AllowError(string fragment) => _allowed.Add(fragment);

    /// <summary>Errors since the last call (none allowed afterwards unless allowed again).</summary>
    public IReadOnlyList<string> TakeErrors()
    {
        lock (_errors)
        {
            var unexpected = _errors.Where(e => !_allowed.Any(e.Contains)).ToList();
            _errors.Clear();
            _allowed.Clear();
            return unexpected;
        }
    }

    public async Task<IReadOnlyList<string>> MediaErrorsAsync() => await Page.EvaluateAsync<string[]>("() => window.__mediaErrors ?? []");

    /// <summary>Saves a screenshot of the whole page as an attachment of the running test.</summary>
    public async Task ScreenshotAsync(string step, string description)
    {
        var test = TestContext.CurrentContext.Test;
        if (_shotsOf != test.FullName) (_shotsOf, _shots) = (test.FullName, 0);
        var folder = Path.Combine(RepoPaths.Root, "artifacts", "console-tests", Unsafe().Replace(test.Name, "_"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{++_shots:00}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, description);
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private void Record(string error)
    {
        lock (_errors) _errors.Add(error);
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();
}
