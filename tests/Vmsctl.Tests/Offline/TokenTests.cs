using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Tests.Infrastructure;

namespace VmsServices.Vmsctl.Tests.Offline;

/// <summary>
/// Where the token goes and where it must not, seen from a stub server that records what it was
/// sent: the management server gets it on every request, a recording server's health endpoint and
/// the sign-in never do, and no output shows it.
/// </summary>
public sealed class TokenTests
{
    private const string Token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLW9mLXRoZS10ZXN0";
    private const string OtherToken = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJib2IifQ.YW5vdGhlci1zaWduYXR1cmU";

    private static Func<string, string?> Environment(string? token = null, string? password = null) => name => name switch
    {
        GlobalOptions.TokenVariable => token,
        "VMS_PASSWORD" => password,
        _ => null,
    };

    /// <summary>A management server whose table is empty, remembering each request's Authorization header.</summary>
    private static Task<StubServer> TableServerAsync(List<string> authorizations) => StubServer.StartAsync(app =>
        app.MapGet("/api/configuration-table", (HttpRequest request) =>
        {
            lock (authorizations) authorizations.Add(request.Headers.Authorization.ToString());
            return Results.Ok(new { version = 1, entries = Array.Empty<object>() });
        }));

    [Test]
    public async Task The_token_from_vms_token_is_sent_as_a_bearer_token()
    {
        var seen = new List<string>();
        await using var server = await TableServerAsync(seen);
        (await VmsctlRunner.RunAsync(["--url", server.Url, "table"], Environment(Token))).Exits(ExitCodes.Ok);
        Assert.That(seen, Is.EqualTo(new[] { $"Bearer {Token}" }));
    }

    [Test]
    public async Task The_token_option_wins_over_vms_token_and_without_either_none_is_sent()
    {
        var seen = new List<string>();
        await using var server = await TableServerAsync(seen);
        (await VmsctlRunner.RunAsync(["--url", server.Url, "table", "--token", OtherToken], Environment(Token))).Exits(ExitCodes.Ok);
        (await VmsctlRunner.RunAsync(["--url", server.Url, "table"], Environment())).Exits(ExitCodes.Ok);
        Assert.That(seen, Is.EqualTo(new[] { $"Bearer {OtherToken}", "" }));
    }

    [Test]
    public async Task Health_all_sends_the_token_to_the_management_server_only()
    {
        var recordingServerSaw = new List<string>();
        await using var recording = await StubServer.StartAsync(app => app.MapGet("/health/ready", (HttpRequest request) =>
        {
            lock (recordingServerSaw) recordingServerSaw.Add(request.Headers.Authorization.ToString());
            return Results.Json(new { status = "Healthy" });
        }));
        var managementSaw = new List<string>();
        await using var management = await StubServer.StartAsync(app =>
        {
            app.MapGet("/health/ready", () => Results.Json(new { status = "Healthy" }));
            app.MapGet("/api/recording-servers", (HttpRequest request) =>
            {
                lock (managementSaw) managementSaw.Add(request.Headers.Authorization.ToString());
                return Results.Ok(new[] { new { id = "rec-a", name = "rec-a", address = recording.Url } });
            });
        });
        (await VmsctlRunner.RunAsync(["--url", management.Url, "health", "--all"], Environment(Token))).Exits(ExitCodes.Ok);
        Assert.That(managementSaw, Is.EqualTo(new[] { $"Bearer {Token}" }));
        Assert.That(recordingServerSaw, Is.EqualTo(new[] { "" }));
    }

    [Test]
    public async Task Login_reads_one_line_of_stdin_and_sends_no_token_even_a_broken_one()
    {
        var seen = new List<(string Authorization, string Body)>();
        await using var server = await StubServer.StartAsync(app => app.MapPost("/api/auth/token", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (seen) seen.Add((request.Headers.Authorization.ToString(), body));
            return Results.Ok(new { token = Token, expiresUtc = DateTimeOffset.UtcNow.AddHours(8), userName = "admin", role = "Administrator", devices = (string[]?)null });
        }));
        var login = (await VmsctlRunner.RunAsync(["--url", server.Url, "login", "--user", "admin"], Environment("not a token!"), stdin: "pass word\nsecond line\n"))
            .Exits(ExitCodes.Ok);
        Assert.That(login.Stdout, Is.EqualTo(Token + "\n"));
        Assert.That(seen.Single().Authorization, Is.Empty);
        using var body = JsonDocument.Parse(seen.Single().Body);
        Assert.That(body.RootElement.GetProperty("userName").GetString(), Is.EqualTo("admin"));
        Assert.That(body.RootElement.GetProperty("password").GetString(), Is.EqualTo("pass word"), "the first line, spaces kept, without its line end");
    }

    [Test]
    public async Task Login_without_a_password_is_a_usage_error_before_any_request()
    {
        (await VmsctlRunner.RunAsync(["--url", TestIds.ClosedUrl(), "login", "--user", "admin"], Environment()))
            .FailsWithOneLine(ExitCodes.Usage, "no password: set VMS_PASSWORD, or give it as one line on stdin");
    }

    [TestCase("not a token!", false)]
    [TestCase("line\nbreak", false)]
    [TestCase("not a token!", true)]
    public async Task A_malformed_token_is_a_usage_error_that_does_not_show_it(string token, bool asOption)
    {
        var result = asOption
            ? await VmsctlRunner.RunAsync(["--url", TestIds.ClosedUrl(), "table", "--token", token], Environment())
            : await VmsctlRunner.RunAsync(["--url", TestIds.ClosedUrl(), "table"], Environment(token));
        result.FailsWithOneLine(ExitCodes.Usage, $"{(asOption ? "--token" : "VMS_TOKEN")} does not hold a token");
        Assert.That(result.Stderr, Does.Not.Contain(token));
    }

    [Test]
    public async Task Help_does_not_show_the_token_from_the_environment()
    {
        var help = (await VmsctlRunner.RunAsync(["table", "--help"], Environment(Token))).Exits(ExitCodes.Ok);
        Assert.That(help.Stdout, Does.Contain("--token"));
        Assert.That(help.Stdout, Does.Not.Contain(Token));
    }

    [Test]
    public async Task A_server_that_repeats_the_token_in_its_answer_does_not_get_it_printed()
    {
        await using var server = await StubServer.StartAsync(app => app.MapGet("/api/configuration-table", (HttpRequest request) =>
            Results.Problem($"Token {request.Headers.Authorization} is not allowed here.", statusCode: 403, title: "Not allowed")));
        foreach (var json in new[] { false, true })
        {
            string[] args = ["--url", server.Url, "table", "--verbose", .. (json ? new[] { "--json" } : [])];
            var result = (await VmsctlRunner.RunAsync(args, Environment(Token))).Exits(ExitCodes.Forbidden);
            Assert.That(result.Stderr, Does.Contain("Token Bearer <token> is not allowed here."), result.ToString());
            Assert.That(result.Stdout + result.Stderr, Does.Not.Contain(Token), result.ToString());
        }
    }
}
