using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Messages;

namespace VmsServices.Management.Tests.Fleet;

public sealed class RebalancerTests
{
    private static Management.Assignment.Fleet FleetOf(Dictionary<string, string[]> devicesByServer, string placement = Placements.Automatic, string[]? moving = null) =>
        new(devicesByServer.Keys.Select(id => new ServerState(id, ServerStates.Online)).ToList(),
            devicesByServer.SelectMany(kv => kv.Value.Select(d => new DevicePlacement(d, kv.Key, placement))).ToList(),
            moving ?? [], new Dictionary<string, int>(), _ => (RecorderLoad?)null, 4_000_000);

    /// <summary>Runs rebalancing steps to the end, as rounds of the supervisor would; returns the moves.</summary>
    private static List<(string Device, string From, string To)> Run(Management.Assignment.Fleet fleet, HashSet<string>? blocked = null, int threshold = 1)
    {
        blocked ??= [];
        var moves = new List<(string, string, string)>();
        while (Rebalancer.NextStep(fleet, blocked, threshold) is { } step)
        {
            moves.Add(step);
            fleet.Assign(step.Device, step.To, step.From);
            blocked.Add(step.Device);
        }
        return moves;
    }

    [Test]
    public void A_joining_server_takes_load_until_the_counts_differ_by_at_most_one_and_no_camera_moves_twice()
    {
        var fleet = FleetOf(new()
        {
            ["rec-a"] = ["a1", "a2", "a3"],
            ["rec-b"] = ["b1", "b2", "b3"],
            ["rec-c"] = ["c1", "c2", "c3"],
            ["rec-d"] = [],
        });
        var moves = Run(fleet);

        Assert.That(moves.Select(m => m.To), Is.All.EqualTo("rec-d"));
        Assert.That(moves.Select(m => m.Device), Is.Unique);
        var counts = fleet.Online.Select(c => c.Streams).ToList();
        Assert.That(counts.Max() - counts.Min(), Is.LessThanOrEqualTo(1));
        Assert.That(moves, Has.Count.EqualTo(2));
    }

    [Test]
    public void Servers_within_the_threshold_are_left_alone()
    {
        Assert.That(Run(FleetOf(new() { ["rec-a"] = ["a1", "a2"], ["rec-b"] = ["b1"] })), Is.Empty);
        Assert.That(Run(FleetOf(new() { ["rec-a"] = ["a1", "a2", "a3"], ["rec-b"] = ["b1"] }), threshold: 2), Is.Empty);
    }

    [Test]
    public void Pinned_resting_and_moving_devices_never_move()
    {
        Assert.That(Run(FleetOf(new() { ["rec-a"] = ["a1", "a2", "a3", "a4"], ["rec-b"] = [] }, Placements.Manual)), Is.Empty);
        Assert.That(Run(FleetOf(new() { ["rec-a"] = ["a1", "a2", "a3", "a4"], ["rec-b"] = [] }), blocked: ["a1", "a2", "a3", "a4"]), Is.Empty);

        var moves = Run(FleetOf(new() { ["rec-a"] = ["a1", "a2", "a3", "a4"], ["rec-b"] = [] }), blocked: ["a1"]);
        Assert.That(moves.Select(m => m.Device), Is.EqualTo(new[] { "a2", "a3" }));
    }

    [Test]
    public void Failed_servers_are_not_targets()
    {
        var fleet = new Management.Assignment.Fleet(
            [new ServerState("rec-a", ServerStates.Online), new ServerState("rec-b", ServerStates.Failed)],
            [new DevicePlacement("a1", "rec-a", Placements.Automatic), new DevicePlacement("a2", "rec-a", Placements.Automatic)],
            [], new Dictionary<string, int>(), _ => null, 4_000_000);
        Assert.That(Run(fleet), Is.Empty);
        Assert.That(fleet.Choose()!.Id, Is.EqualTo("rec-a"));
        Assert.That(fleet.Choose("rec-a"), Is.Null);
    }
}
