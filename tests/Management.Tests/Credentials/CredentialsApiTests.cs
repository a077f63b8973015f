using System.Net;
using System.Net.Http.Json;
using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Management.Tests.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Credentials;

/// <summary>/api/credentials and GetCameraCredentials on the real management composition (SQLite; the store suite covers both dialects).</summary>
public sealed class CredentialsApiTests
{
    private const string Password = "Lobby-Pa55!clear";
    private TestDatabase _database = null!;
    private string _keys = null!;
    private ManagementTestNode _node = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _keys = RepoPaths.NewScratchDirectory("keys");
        _node = await ManagementTestNode.StartAsync(_database, settings: new() { ["Management:Credentials:KeysDirectory"] = _keys });
        await _node.GivenCam1OnRecA();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _node.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    private Task<HttpResponseMessage> Put(string credentialsRef, object body) => _node.Http.PutAsJsonAsync($"/api/credentials/{credentialsRef}", body);

    private async Task GivenDeviceUsing(string deviceId, string credentialsRef) =>
        await _node.Table.AddDeviceAsync(new DeviceRecord(deviceId, deviceId, "rtsp://127.0.0.1:8554/x", null, credentialsRef), [DataTypes.Video], "rec-a", default);

    [Test]
    public async Task A_put_account_is_listed_without_its_password()
    {
        var put = await Put("lobby", new { userName = "operator", password = Password });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        var list = await _node.Http.GetStringAsync("/api/credentials");
        var one = await _node.Http.GetStringAsync("/api/credentials/lobby");

        Assert.That(list, Does.Contain("\"userName\":\"operator\"").And.Not.Contain(Password).And.Not.Contain("password"));
        Assert.That(one, Does.Contain("\"ref\":\"lobby\"").And.Contain("updatedUtcMicros").And.Not.Contain(Password).And.Not.Contain("password"));
    }

    [Test]
    public async Task Credentials_a_device_uses_are_not_deleted()
    {
        await Put("lobby", new { userName = "operator", password = Password });
        await GivenDeviceUsing("door", "lobby");

        var refused = await _node.Http.DeleteAsync("/api/credentials/lobby");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("door"));

        await _node.Http.DeleteAsync("/api/devices/door");
        Assert.That((await _node.Http.DeleteAsync("/api/credentials/lobby")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _node.Http.GetAsync("/api/credentials/lobby")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("Bad Ref", "operator", "x")]
    [TestCase("lobby", "", "x")]
    [TestCase("lobby", "user:name", "x")]
    [TestCase("lobby", "operator", null)]
    [TestCase("lobby", "operator", "line\nbreak")]
    public async Task Bad_input_is_a_400_problem_that_does_not_echo_the_password(string credentialsRef, string userName, string? password)
    {
        var response = await Put(Uri.EscapeDataString(credentialsRef), new { userName, password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        if (password is { Length: > 0 }) Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(password));
    }

    [Test]
    public async Task Too_long_values_and_unknown_refs_are_refused()
    {
        Assert.That((await Put("lobby", new { userName = new string('u', 129), password = "x" })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await Put("lobby", new { userName = "u", password = new string('p', 257) })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _node.Http.GetAsync("/api/credentials/nothing")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _node.Http.DeleteAsync("/api/credentials/nothing")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Over_the_bus_a_recording_server_gets_the_accounts_of_its_own_cameras_only()
    {
        await Put("lobby", new { userName = "operator", password = Password });
        await GivenDeviceUsing("door", "lobby");

        Assert.That(await Ask("rec-a", "lobby"), Is.EqualTo(new CameraCredentialsReply("lobby", true, "operator", Password)));
        Assert.That(await Ask("rec-b", "lobby"), Is.EqualTo(new CameraCredentialsReply("lobby", false, null, null)));
        Assert.That(await Ask("rec-a", "Not An Id"), Is.EqualTo(new CameraCredentialsReply("Not An Id", false, null, null)));
        Assert.That(new CameraCredentialsReply("lobby", true, "operator", Password).ToString(), Does.Not.Contain(Password));
    }

    private async Task<CameraCredentialsReply> Ask(string serverId, string credentialsRef)
    {
        var client = _node.Bus.CreateRequestClient<GetCameraCredentials>(QueueNames.Address(QueueNames.Management), RequestTimeout.After(s: 30));
        return (await client.GetResponse<CameraCredentialsReply>(new GetCameraCredentials(serverId, credentialsRef))).Message;
    }
}
