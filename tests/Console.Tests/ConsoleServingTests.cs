using System.Net;
using System.Text.RegularExpressions;
using VmsServices.OperatorConsole.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.OperatorConsole.Tests;

/// <summary>The management server serves the console itself, from files embedded in its assembly.</summary>
public sealed partial class ConsoleServingTests
{
    private static SystemApi Api => ConsoleSystem.Api;

    [Test]
    public async Task The_root_leads_to_the_console_and_the_API_description_stays()
    {
        using var root = await Api.Http.GetAsync("/");
        Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(root.Headers.Location?.ToString(), Is.EqualTo("/console/"));
        Assert.That(await Api.StatusOfAsync("/openapi/v1.json"), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_page_is_served_with_its_type_a_content_security_policy_and_revalidation()
    {
        using var page = await Api.Http.GetAsync("/console/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'self'"));
        Assert.That(page.Headers.CacheControl?.NoCache, Is.True);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/index.html");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        using var notModified = await Api.Http.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task The_page_has_no_inline_script_or_style_that_its_policy_would_block()
    {
        using var page = await Api.Http.GetAsync("/console/");
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(policy, Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(InlineCode().Matches(html).Select(m => m.Value), Is.Empty, "inline scripts, event handlers or style attributes");
    }

    /// <summary>A script element without src, an on... event handler attribute, a style attribute or element.</summary>
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();

    [Test]
    public async Task Every_file_of_the_console_is_embedded_and_served()
    {
        var root = Path.Combine(RepoPaths.Root, "Management.Service", "Console", "wwwroot");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
        Assert.That(files, Has.Member("js/app.js").And.Member("js/viewer/live.js"));
        foreach (var file in files)
        {
            using var response = await Api.Http.GetAsync($"/console/{file}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), file);
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(new FileInfo(Path.Combine(root, file)).Length), file);
        }
        Assert.That(await Api.StatusOfAsync("/console/js/missing.js"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_console_loads_nothing_from_another_server()
    {
        var root = Path.Combine(RepoPaths.Root, "Management.Service", "Console", "wwwroot");
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".html") || f.EndsWith(".js") || f.EndsWith(".css")))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.That(ExternalReference().Matches(text).Select(m => m.Value), Is.Empty, file);
        }
    }

    /// <summary>A URL to another host in a src/href/import/url(): the SVG namespace name is not a request.</summary>
    [GeneratedRegex(@"(?:src|href)\s*=\s*[""']?(?:https?:)?//|from\s+[""'](?:https?:)?//|import\([""'](?:https?:)?//|url\([""']?(?:https?:)?//")]
    private static partial Regex ExternalReference();
}
