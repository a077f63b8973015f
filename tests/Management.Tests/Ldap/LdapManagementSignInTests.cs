using System.Net;
using System.Net.Http.Json;
using VmsServices.Hosting.Data;
using VmsServices.Management.Tests.Moves;

namespace VmsServices.Management.Tests.Ldap;

/// <summary>
/// The directory behind the management server's own sign-in: a user only the directory knows gets a
/// token with their group's role and devices through POST /api/auth/token, as the console and vmsctl do.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LdapManagementSignInTests : SlapdFixture
{
    private TestDatabase _database = null!;
    private ManagementTestNode _node = null!;

    [SetUp]
    public async Task StartManagement()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _node = await ManagementTestNode.StartAsync(_database, settings: new()
        {
            ["Management:Ldap:Host"] = "127.0.0.1",
            ["Management:Ldap:Port"] = Server.Port.ToString(),
            ["Management:Ldap:BindDn"] = TestDirectory.ServiceDn,
            ["Management:Ldap:BindPassword"] = TestDirectory.ServicePassword,
            ["Management:Ldap:SearchBase"] = TestDirectory.People,
            ["Management:Ldap:Groups:0:Dn"] = TestDirectory.GroupDn("viewers"),
            ["Management:Ldap:Groups:0:Role"] = "Viewer",
            ["Management:Ldap:Groups:1:Dn"] = TestDirectory.GroupDn("lobby-cameras"),
            ["Management:Ldap:Groups:1:Devices:0"] = "cam-1",
        });
    }

    [TearDown]
    public async Task StopManagement()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Test]
    public async Task A_directory_user_signs_in_with_the_role_and_devices_of_their_groups()
    {
        using var signIn = await _node.Anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "dora", password = "dora-secret" });
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await signIn.Content.ReadAsStringAsync());
        var answer = (await signIn.Content.ReadFromJsonAsync<Answer>())!;
        Assert.That((answer.UserName, answer.Role, answer.Devices), Is.EqualTo(("dora", "Viewer", (IReadOnlyList<string>)["cam-1"])).Using<(string, string, IReadOnlyList<string>)>(
            (a, b) => a.Item1 == b.Item1 && a.Item2 == b.Item2 && a.Item3.SequenceEqual(b.Item3)));

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        me.Headers.Authorization = new("Bearer", answer.Token);
        using var who = await _node.Anonymous.SendAsync(me);
        Assert.That(await who.Content.ReadAsStringAsync(), Does.Contain("\"userName\":\"dora\"").And.Contain("\"Viewer\""));

        using var wrong = await _node.Anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "dora", password = "not-hers" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private sealed record Answer(string Token, string UserName, string Role, IReadOnlyList<string> Devices);
}
