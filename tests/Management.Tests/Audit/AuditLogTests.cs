using System.Net;
using System.Net.Http.Json;
using VmsServices.Hosting.Data;
using VmsServices.Management.Audit;
using VmsServices.Management.Tests.Moves;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Audit;

/// <summary>The audit log through the real management node: every successful change is there with its actor and target, nothing else, never a secret.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class AuditLogTests(DatabaseProvider provider)
{
    private const string SignIn = "POST /api/auth/token";
    private TestDatabase _database = null!;
    private ManagementTestNode _node = null!;

    [SetUp]
    public async Task Start()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _node = await ManagementTestNode.StartAsync(_database);
    }

    [TearDown]
    public async Task Stop()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Test]
    public async Task Successful_changes_are_audited_with_actor_and_target_failures_and_reads_are_not_and_no_secret_is_kept()
    {
        var http = _node.Http;
        Assert.That((await http.PostAsJsonAsync("/api/recording-servers", new { id = "rec-a", name = "A", address = "http://127.0.0.1:6001" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await http.PostAsJsonAsync("/api/devices", new { id = "cam-1", name = "Lobby", streamUrl = "rtsp://127.0.0.1:8554/cam1", recordingServerId = "rec-a" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await http.PutAsJsonAsync("/api/credentials/lobby", new { userName = "operator", password = "Very-Secret-42" })).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await http.PostAsJsonAsync("/api/devices", new { id = "../x", name = "bad", streamUrl = "rtsp://h/x" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await http.GetAsync("/api/devices")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await http.DeleteAsync("/api/devices/cam-1")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var raw = await http.GetStringAsync("/api/audit");
        var entries = (await http.GetFromJsonAsync<List<AuditEntry>>("/api/audit"))!;
        Assert.That(entries.Select(e => (e.Action, e.Target)), Is.EqualTo(new[]
        {
            ("DELETE /api/devices/{id}", "id=cam-1"),
            ("PUT /api/credentials/{ref}", "ref=lobby"),
            ("POST /api/devices/", ""),
            ("POST /api/recording-servers/", ""),
            (SignIn, ""),
        }), "newest first; the refused request and the read are not there; the test client's sign-in is");
        Assert.That(entries, Has.All.Matches<AuditEntry>(e => e.Actor == TestAuth.AdministratorName && e.RemoteAddress == "127.0.0.1" && e.Status < 300));
        Assert.That(raw, Does.Not.Contain("Very-Secret-42"));

        var deletes = (await http.GetFromJsonAsync<List<AuditEntry>>("/api/audit?action=DELETE%20%2Fapi%2Fdevices%2F%7Bid%7D&limit=5"))!;
        Assert.That(deletes.Single().Target, Is.EqualTo("id=cam-1"));
        Assert.That((await http.GetAsync("/api/audit?limit=0")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    /// <summary>Before sign-in existed every actor was "anonymous"; now it is the user the token names.</summary>
    [Test]
    public async Task Each_change_is_audited_with_the_name_of_the_user_who_made_it()
    {
        const string auditor = "auditor";
        var created = await _node.Http.PutAsJsonAsync($"/api/users/{auditor}", new { role = "Administrator", password = "auditor-password-1" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        using var asAuditor = new HttpClient { BaseAddress = _node.Http.BaseAddress };
        asAuditor.Authorize(await TestAuth.SignInAsync(asAuditor, auditor, "auditor-password-1"));

        var added = await asAuditor.PostAsJsonAsync("/api/recording-servers", new { id = "rec-a", name = "A", address = "http://127.0.0.1:6001" });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var entries = (await _node.Http.GetFromJsonAsync<List<AuditEntry>>("/api/audit"))!;
        Assert.That(entries.Take(3).Select(e => (e.Action, e.Actor)), Is.EqualTo(new[]
        {
            ("POST /api/recording-servers/", auditor),
            (SignIn, auditor), // a sign-in is recorded under the name it signed in
            ("PUT /api/users/{name}", TestAuth.AdministratorName),
        }));
    }
}
