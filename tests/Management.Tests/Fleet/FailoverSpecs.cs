using System.Net;
using System.Net.Http.Json;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Management.History;
using VmsServices.Management.Moves;
using VmsServices.Management.Tests.Moves;
using VmsServices.Messages;
using Microsoft.Extensions.DependencyInjection;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Fleet;

/// <summary>
/// Failure detection, failover, joining and rebalancing on the real management node (bus, saga,
/// database) with fake recording servers whose heartbeats the test sends and a clock it moves.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class FailoverSpecs(DatabaseProvider provider)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private TestDatabase _database = null!;
    private ManagementTestNode _node = null!;

    [SetUp]
    public async Task Start()
    {
        _database = await TestDatabase.CreateAsync(provider);
        await StartNode();
        foreach (var id in new[] { "rec-a", "rec-b" })
            await _node.Table.AddServerAsync(new RecordingServerRecord(id, id, "http://127.0.0.1:6001"), default);
    }

    private async Task StartNode(Action<IServiceCollection>? services = null) =>
        _node = await ManagementTestNode.StartAsync(_database, services: services, settings: new()
        {
            ["Management:Failover:CheckInterval"] = "00:00:00.100",
            ["Management:Assignment:RebalanceInterval"] = "00:00:00.500",
        });

    /// <summary>Holds every move in the saga for a while before it is stored, as a busy bus or database would.</summary>
    private sealed class SlowMoveAuthorizer : IMoveAuthorizer
    {
        public async ValueTask<bool> IsAllowedAsync(MoveAuthorizationRequest request, CancellationToken ct)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            return true;
        }
    }

    [TearDown]
    public async Task Stop()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>Sends a heartbeat and waits until the management node has noted it (at the manual clock's now).</summary>
    private async Task Beat(string serverId)
    {
        var now = _node.Clock.Now();
        await _node.Bus.Publish(new RecorderHeartbeat(serverId, serverId, "http://127.0.0.1:6001", new RecorderLoad(0, 0, 1L << 40, 1L << 41, 0, 0, 0), now));
        var liveness = _node.Services.GetRequiredService<ServerLiveness>();
        await Eventually.Get(() => Task.FromResult(liveness.Last(serverId)?.ReceivedUtcMicros), t => t >= now, Wait, $"heartbeat of {serverId}");
    }

    /// <summary>rec-a falls silent for 4 s while rec-b keeps beating (never silent for more than 2 s).</summary>
    private async Task SilenceRecA()
    {
        _node.Clock.Advance(TimeSpan.FromSeconds(2));
        await Beat("rec-b");
        _node.Clock.Advance(TimeSpan.FromSeconds(2));
        await Beat("rec-b");
    }

    private Task<string> StateOf(string serverId) =>
        Eventually.Get(async () => (await _node.Table.ListServerStatesAsync(default)).Single(s => s.Id == serverId).State, _ => true, Wait, "state");

    private Task WaitState(string serverId, string state) =>
        Eventually.Get(async () => (await _node.Table.ListServerStatesAsync(default)).Single(s => s.Id == serverId).State, s => s == state, Wait, $"{serverId} {state}");

    private async Task WaitOnline(params string[] servers)
    {
        foreach (var s in servers)
        {
            await Beat(s);
            await WaitState(s, ServerStates.Online);
        }
    }

    [Test]
    public async Task A_silent_server_fails_its_devices_move_to_the_survivor_and_its_rows_stay_non_current()
    {
        await WaitOnline("rec-a", "rec-b");
        foreach (var cam in new[] { "cam-1", "cam-2" })
            await _node.Table.AddDeviceAsync(new DeviceRecord(cam, cam, $"rtsp://127.0.0.1:8554/{cam}", null, null), [DataTypes.Video], "rec-a", default);

        await SilenceRecA();

        await WaitState("rec-a", ServerStates.Failed);
        foreach (var cam in new[] { "cam-1", "cam-2" })
            await Eventually.Get(() => _node.CurrentServers(cam), s => s.SequenceEqual(["rec-b"]), Wait, $"{cam} on rec-b");
        var failed = await Eventually.Get(() => Task.FromResult(_node.PublishedOf<RecordingServerFailed>()), f => f.Count > 0, Wait, "RecordingServerFailed");
        Assert.That(failed.Single().RecordingServerId, Is.EqualTo("rec-a"));
        Assert.That(failed.Single().DeviceIds, Is.EquivalentTo(new[] { "cam-1", "cam-2" }));
        var (_, rows) = await _node.Table.ReadTableAsync(null, default);
        var oldRows = rows.Where(r => r.RecordingServerId == "rec-a").ToList();
        Assert.That(oldRows, Has.Count.EqualTo(2));
        Assert.That(oldRows.Select(r => r.IsCurrent), Is.All.False);
        var moves = await _node.Moves.ListAsync("cam-1", 10, default);
        Assert.That(moves.Single().RequestedBy, Is.EqualTo(MoveRequesters.Failover));

        var history = await _node.Http.GetFromJsonAsync<CameraHistory>("/api/devices/cam-1/history");
        Assert.That(history!.CurrentOwner, Is.EqualTo("rec-b"));
        Assert.That(history.PreviousOwners.Single().RecordingServerId, Is.EqualTo("rec-a"));
        Assert.That(history.PreviousOwners.Single().State, Is.EqualTo(CameraHistoryStore.Indirect));
        Assert.That(history.Events.Last().Detail, Is.EqualTo(MoveRequesters.Failover));
    }

    [Test]
    public async Task A_returning_server_is_online_again_and_does_not_snatch_its_cameras_back()
    {
        await WaitOnline("rec-a", "rec-b");
        await _node.Table.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video], "rec-a", default);
        await _node.Table.AddDeviceAsync(new DeviceRecord("cam-2", "cam-2", "rtsp://127.0.0.1:8554/cam2", null, null), [DataTypes.Video], "rec-a", default);
        await SilenceRecA();
        foreach (var cam in new[] { "cam-1", "cam-2" })
            await Eventually.Get(() => _node.CurrentServers(cam), s => s.SequenceEqual(["rec-b"]), Wait, $"{cam} on rec-b");

        await WaitOnline("rec-a");
        await Eventually.Get(() => Task.FromResult(_node.PublishedOf<RecordingServerReturned>()), r => r.Count == 1, Wait, "RecordingServerReturned");
        await Task.Delay(TimeSpan.FromSeconds(2)); // several supervisor passes and a rebalance

        Assert.That((await _node.Moves.ListAsync(null, 100, default)).Count, Is.EqualTo(2), "the failover moves and nothing else");
        Assert.That(await _node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-b" }));
    }

    [Test]
    public async Task A_failover_move_the_saga_is_slow_to_store_is_asked_for_once_although_the_supervisor_checks_ten_times_meanwhile()
    {
        await _node.DisposeAsync(); // the same database, with a saga that is slow to store its moves
        await StartNode(s => s.AddSingleton<IMoveAuthorizer, SlowMoveAuthorizer>());
        await WaitOnline("rec-a", "rec-b");
        await _node.Table.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video], "rec-a", default);

        await SilenceRecA();

        await Eventually.Get(() => _node.CurrentServers("cam-1"), s => s.SequenceEqual(["rec-b"]), Wait, "cam-1 on rec-b");
        await Task.Delay(TimeSpan.FromSeconds(1)); // more supervisor passes after the move
        var moves = await _node.Moves.ListAsync(null, 100, default);
        Assert.That(moves.Select(m => (m.DeviceId, m.CurrentState)), Is.EqualTo(new[] { ("cam-1", MoveStates.Completed) }),
            "one move, no second request refused as 'being moved'");
    }

    [Test]
    public async Task A_server_never_heard_from_is_not_failed_over()
    {
        await _node.Table.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video], "rec-a", default);
        await WaitOnline("rec-b");
        _node.Clock.Advance(TimeSpan.FromHours(1));
        await Beat("rec-b");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.That(await StateOf("rec-a"), Is.EqualTo(ServerStates.Registered));
        Assert.That(await _node.Moves.ListAsync(null, 10, default), Is.Empty);
    }

    [Test]
    public async Task A_joining_server_takes_automatically_placed_devices_until_the_load_is_even_and_none_moves_twice()
    {
        await WaitOnline("rec-a");
        foreach (var cam in new[] { "cam-1", "cam-2", "cam-3" })
        {
            var response = await _node.Http.PostAsJsonAsync("/api/devices", new { id = cam, name = cam, streamUrl = $"rtsp://127.0.0.1:8554/{cam}" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        }
        Assert.That((await _node.Table.ListPlacementsAsync(default)).Select(p => p.RecordingServerId), Is.All.EqualTo("rec-a"));

        await WaitOnline("rec-b");
        await Eventually.Get(() => _node.Table.ListPlacementsAsync(default), p => p.Count(x => x.RecordingServerId == "rec-b") == 1, Wait, "one device on rec-b");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var moves = await _node.Moves.ListAsync(null, 100, default);
        Assert.That(moves, Has.Count.EqualTo(1));
        Assert.That(moves.Single().RequestedBy, Is.EqualTo(MoveRequesters.Rebalance));
        Assert.That(moves.Single().ToRecordingServerId, Is.EqualTo("rec-b"));
    }

    [Test]
    public async Task Adding_a_device_without_a_server_picks_the_least_loaded_online_one_or_answers_409_when_none_is_online()
    {
        var refused = await _node.Http.PostAsJsonAsync("/api/devices", new { id = "cam-0", name = "cam-0", streamUrl = "rtsp://127.0.0.1:8554/cam0" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        await WaitOnline("rec-a", "rec-b");
        await _node.Table.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video], "rec-a", default);
        var response = await _node.Http.PostAsJsonAsync("/api/devices", new { id = "cam-2", name = "cam-2", streamUrl = "rtsp://127.0.0.1:8554/cam2" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await _node.CurrentServers("cam-2"), Is.EqualTo(new[] { "rec-b" }));
    }
}
