using System.Net;
using System.Net.Http.Json;
using VmsServices.Hosting.Data;
using VmsServices.Management.Tests.Moves;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Accounts;

/// <summary>POST /api/auth/token on the real management composition: only failures count towards the per-address limit.</summary>
public sealed class SignInApiTests
{
    private TestDatabase _database = null!;
    private ManagementTestNode _node = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _node = await ManagementTestNode.StartAsync(_database, settings: new() { ["Management:Auth:SignInAttemptsPerMinute"] = "2" });
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private Task<HttpResponseMessage> SignIn(string password, string userName = TestAuth.AdministratorName) =>
        _node.Anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password });

    [Test]
    public async Task Successful_sign_ins_do_not_count_towards_the_limit()
    {
        for (var i = 0; i < 5; i++)
            Assert.That((await SignIn(TestAuth.AdministratorPassword)).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in {i + 1}");

        Assert.That((await SignIn("wrong-password")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "one failure: below the limit of 2");
        Assert.That((await SignIn(TestAuth.AdministratorPassword)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task After_the_limit_of_failures_even_the_right_password_waits_for_the_minute_to_end()
    {
        Assert.That((await SignIn("wrong-password")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await SignIn("wrong-password", userName: "nobody")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var refused = await SignIn(TestAuth.AdministratorPassword);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        _node.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((await SignIn(TestAuth.AdministratorPassword)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_name_get_the_same_answer()
    {
        var wrongPassword = await SignIn("wrong-password");
        var unknownName = await SignIn("wrong-password", userName: "nobody");

        Assert.That(wrongPassword.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unknownName.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await Problem(unknownName), Is.EqualTo(await Problem(wrongPassword)));
    }

    [Test]
    public async Task A_console_session_over_plain_http_is_an_http_only_strict_cookie_that_is_not_marked_secure_and_sign_out_clears_it()
    {
        using var signIn = await _node.Anonymous.PostAsJsonAsync("/api/auth/session",
            new { userName = TestAuth.AdministratorName, password = TestAuth.AdministratorPassword });

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var attributes = CookieAttributes(signIn);
        Assert.That(attributes, Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/"));
        Assert.That(attributes, Does.Not.Contain("secure"), "a browser would never send a Secure cookie back over http");

        using var signOut = await _node.Anonymous.DeleteAsync("/api/auth/session");
        Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(CookieAttributes(signOut).Any(a => a.StartsWith("expires=", StringComparison.Ordinal)), Is.True, "cleared: expired");
    }

    /// <summary>The attributes of the vms_session Set-Cookie, lower case, the first being "vms_session=value".</summary>
    private static List<string> CookieAttributes(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vms_session=", StringComparison.Ordinal))
            .Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();

    private static async Task<(string? Title, string? Detail)> Problem(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        return (problem?.Title, problem?.Detail);
    }
}
