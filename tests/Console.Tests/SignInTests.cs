using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using VmsServices.OperatorConsole.Tests.Infrastructure;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>
/// The console's sign-in form and its sign-out, each test from a new tab without a session. The
/// browser logs the 401 answers a signed-out page receives (api/auth/me at start, a refused
/// password): those are expected here.
/// </summary>
[TestFixture]
public sealed class SignInTests : ConsoleFixture
{
    [SetUp]
    public async Task SignedOutTabAsync()
    {
        await ReopenAsync(null);
        Tab.AllowError("api/auth/me");
    }

    [Test]
    public async Task Signing_in_with_the_form_shows_the_topology_and_the_users_name()
    {
        await Tab.GoToAsync();
        await Expect(Page.Locator("#sign-in-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#view-topology")).ToBeHiddenAsync();
        await Expect(Page.Locator("#views-nav")).ToBeHiddenAsync();
        await Tab.ScreenshotAsync("sign-in", "Without a session the console asks for a user name and password");

        await Tab.SignInWithFormAsync(ConsoleUser.Administrator);
        await Expect(Page.Locator(".server[data-server='rec-a']")).ToHaveAttributeAsync("data-state", "online");
        await Expect(Page.Locator(".device[data-device='cam-2']")).ToBeVisibleAsync();
        await Expect(Page.Locator("#sign-in-form")).ToBeHiddenAsync();
        await Expect(Page.Locator("#session-user")).ToHaveTextAsync("admin · Administrator");
        await Expect(Page.Locator("#add-camera")).ToBeVisibleAsync();
        await Expect(Page.Locator("#discovery")).ToBeVisibleAsync();
        await Tab.ScreenshotAsync("signed-in", "Signed in: the topology, and the user and role in the header");

        var cookie = (await Tab.Context.CookiesAsync()).Single(c => c.Name == ConsolePage.SessionCookie);
        Assert.That((cookie.HttpOnly, cookie.SameSite), Is.EqualTo((true, SameSiteAttribute.Strict)), "the session is an HttpOnly cookie the page cannot read");
        Assert.That(await Page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"), Is.Zero, "the console stores nothing itself");
        Assert.That(await Page.EvaluateAsync<string>("() => document.cookie"), Does.Not.Contain(ConsolePage.SessionCookie));
    }

    [Test]
    public async Task A_wrong_password_shows_the_servers_message_and_no_data()
    {
        Tab.AllowError("api/auth/session");
        await Tab.GoToAsync();
        await Tab.SignInWithFormAsync(ConsoleUser.Administrator with { Password = "not-the-password" });
        await Expect(Page.Locator("#sign-in-error")).ToHaveTextAsync("Unknown user name or wrong password.");
        await Expect(Page.Locator("#sign-in-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#view-topology")).ToBeHiddenAsync();
        Assert.That(await Page.Locator(".server, .device").CountAsync(), Is.Zero, "nothing of the system is shown");
        Assert.That(await Tab.Context.CookiesAsync(), Is.Empty, "no session");
        await Tab.ScreenshotAsync("refused", "A wrong password: the server's message, and nothing else");
    }

    [Test]
    public async Task Too_many_attempts_say_how_long_to_wait()
    {
        // The server's answer after too many failures, played here: really provoking it would lock
        // every other test's sign-in out for a minute (the throttle counts per address).
        Tab.AllowError("api/auth/session");
        await Page.RouteAsync("**/api/auth/session", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "37" },
            ContentType = "application/problem+json",
            Body = JsonSerializer.Serialize(new { status = 429, title = "Too many failed sign-ins", detail = "Try again in 37 s." }),
        }));
        await Tab.GoToAsync();
        await Tab.SignInWithFormAsync(ConsoleUser.Administrator);
        await Expect(Page.Locator("#sign-in-error")).ToHaveTextAsync("Too many attempts, try again in 37 s.");
        await Expect(Page.Locator("#view-topology")).ToBeHiddenAsync();
    }

    [Test]
    public async Task Signing_out_returns_to_the_form_and_the_API_then_answers_401()
    {
        await ReopenAsync(ConsoleUser.Administrator);
        // Requests under way when the session ends are answered 401 (and logged by the browser).
        Tab.AllowError("status of 401");
        await Tab.GoToAsync();
        await Expect(Page.Locator(".server[data-server='rec-a']")).ToBeVisibleAsync();

        // Signing out starts the page afresh: it asks who is signed in, and nobody is.
        await Page.RunAndWaitForResponseAsync(() => Page.Locator("#sign-out").ClickAsync(), r => r.Url.EndsWith("/api/auth/me"));
        await Expect(Page.Locator("#sign-in-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#view-topology")).ToBeHiddenAsync();
        await Expect(Page.Locator("#session")).ToBeHiddenAsync();
        Assert.That(await Page.Locator(".server, .device").CountAsync(), Is.Zero, "nothing of the system stays in the page");
        Assert.That((await Tab.Context.CookiesAsync()).Select(c => c.Name), Has.No.Member(ConsolePage.SessionCookie));
        Assert.That(await Page.EvaluateAsync<int>("async () => (await fetch('../api/devices')).status"), Is.EqualTo((int)HttpStatusCode.Unauthorized));
        await Tab.ScreenshotAsync("signed-out", "Signed out: the sign-in form again");
    }

    [Test]
    public async Task A_session_that_ends_while_the_console_runs_asks_to_sign_in_and_goes_on_where_it_was()
    {
        await ReopenAsync(ConsoleUser.Administrator);
        Tab.AllowError("status of 401");
        await Tab.GoToAsync("#/history?device=cam-2");
        await Expect(Page.Locator("#history-summary")).ToContainTextAsync("cam-2");

        // The cookie goes (expired, or signed out in another tab): the next refresh is answered 401.
        await Tab.Context.ClearCookiesAsync();
        await Expect(Page.Locator("#sign-in-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#sign-in-note")).ToContainTextAsync("session has ended");
        await Expect(Page.Locator("#view-history")).ToBeHiddenAsync();
        Assert.That(await Page.Locator(".notice.error").CountAsync(), Is.Zero, "the form answers, not an error notice per failed call");

        await Tab.SignInWithFormAsync(ConsoleUser.Administrator);
        await Expect(Page.Locator("#view-history")).ToBeVisibleAsync();
        Assert.That(Page.Url, Does.EndWith("#/history?device=cam-2"), "the same view, where the user was");
        await Expect(Page.Locator("#history-summary")).ToContainTextAsync("cam-2");
    }
}
