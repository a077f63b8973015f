using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Data;
using VmsServices.Management.Api;
using VmsServices.Management.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Moves;

/// <summary>POST /api/devices/{id}/move and the moves history, on SQLite (the saga suites cover both dialects).</summary>
public sealed class MovesApiTests() : MoveSpecification(DatabaseProvider.Sqlite)
{
    private Task<HttpResponseMessage> Move(string device, string to) =>
        Node.Http.PostAsJsonAsync($"/api/devices/{device}/move", new { toRecordingServerId = to });

    [Test]
    public async Task A_move_that_took_effect_is_acknowledged_with_200_and_the_move()
    {
        var response = await Move("cam-1", "rec-b");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var move = await response.Content.ReadFromJsonAsync<MoveResponse>();
        Assert.That(move, Is.EqualTo(move! with
        {
            DeviceId = "cam-1", FromRecordingServerId = "rec-a", ToRecordingServerId = "rec-b", State = MoveStates.Completed,
            RequestedBy = TestAuth.AdministratorName, Failure = null, Reason = null, ConfigurationVersion = 4,
        }));
        Assert.That(move.EndedUtcMicros, Is.Not.Null);
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-b" }));
        var byId = await Node.Http.GetFromJsonAsync<MoveResponse>($"/api/moves/{move.Id}");
        Assert.That(byId, Is.EqualTo(move));
    }

    [Test]
    public async Task The_history_of_a_device_is_newest_first()
    {
        var there = await (await Move("cam-1", "rec-b")).Content.ReadFromJsonAsync<MoveResponse>();
        Node.Clock.Advance(TimeSpan.FromSeconds(1));
        var back = await (await Move("cam-1", "rec-a")).Content.ReadFromJsonAsync<MoveResponse>();

        var history = await Node.Http.GetFromJsonAsync<List<MoveResponse>>("/api/moves?deviceId=cam-1");

        Assert.That(history!.Select(m => m.Id), Is.EqualTo(new[] { back!.Id, there!.Id }));
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
        Assert.That((await Node.Table.ReadTableAsync(null, default)).Entries, Has.Count.EqualTo(4));
    }

    [TestCase("cam-x", "rec-b", HttpStatusCode.NotFound)]
    [TestCase("cam-1", "rec-x", HttpStatusCode.NotFound)]
    [TestCase("CAM!", "rec-b", HttpStatusCode.BadRequest)]
    [TestCase("cam-1", "../etc", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_are_answered_at_once(string device, string to, HttpStatusCode expected)
    {
        var response = await Move(device, to);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(Node.Prepared, Is.Empty);
    }

    [Test]
    public async Task Unknown_and_malformed_move_ids_are_404_and_400()
    {
        Assert.That((await Node.Http.GetAsync($"/api/moves/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Node.Http.GetAsync("/api/moves/nope")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_failed_preparation_is_502_with_the_reason()
    {
        Node.Reply = PrepareReply.PublishError;

        var response = await Move("cam-1", "rec-b");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("camera unreachable"));
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
    }

    [Test]
    public async Task A_move_that_timed_out_is_504()
    {
        Node.Reply = PrepareReply.None;
        var request = Move("cam-1", "rec-b");
        await Eventually.Get(() => Node.Moves.FindRunningAsync("cam-1", default), m => m is not null, TimeSpan.FromSeconds(10), "the running move");

        Node.Clock.Advance(TimeSpan.FromSeconds(31));

        var response = await request;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("did not confirm"));
    }

    [Test]
    public async Task A_retirement_removes_the_old_row_and_tells_every_recording_server()
    {
        await Move("cam-1", "rec-b");

        await Node.Bus.Publish(new SegmentsDeleted("rec-a", "cam-1", DataTypes.Video, [], true, 1));
        await Node.Bus.Publish(new SegmentsDeleted("rec-b", "cam-1", DataTypes.Audio, [], true, 1));

        var table = await Eventually.Get(() => Node.Table.ReadTableAsync(null, default), t => t.Entries.Count == 3, TimeSpan.FromSeconds(10), "the retired row gone");
        Assert.That(table.Entries, Does.Not.Contain(new ConfigurationEntry("cam-1", DataTypes.Video, "rec-a", false)));
        Assert.That(table.Entries.Where(e => e.RecordingServerId == "rec-b").ToList(), Has.Count.EqualTo(2), "a current row is never retired");
        await Eventually.Get(() => Task.FromResult(Node.PublishedOf<ConfigurationChanged>()), c => c.Any(x => x.Version == 5), TimeSpan.FromSeconds(10), "ConfigurationChanged");
        Assert.That(table.Version, Is.EqualTo(5));
    }
}

/// <summary>The pluggable authorization of [0103]: a refusal is 403 and changes nothing.</summary>
public sealed class MoveAuthorizationTests
{
    private sealed class DenyAll : IMoveAuthorizer
    {
        public List<MoveAuthorizationRequest> Asked { get; } = [];

        public ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct)
        {
            lock (Asked) Asked.Add(request);
            return ValueTask.FromResult(false);
        }
    }

    [Test]
    public async Task An_unauthorized_move_is_403_and_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var deny = new DenyAll();
        await using var node = await ManagementTestNode.StartAsync(database, services: s => s.AddSingleton<IMoveAuthorizer>(deny));
        await node.GivenCam1OnRecA();

        var response = await node.Http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-b" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("not authorized"));
        Assert.That(deny.Asked.Single(), Is.EqualTo(new MoveAuthorizationRequest(TestAuth.AdministratorName, "cam-1", "rec-a", "rec-b")));
        Assert.That(node.Prepared, Is.Empty);
        Assert.That(await node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
    }
}
