using VmsServices.Management.Assignment;

namespace VmsServices.Management.Tests.Fleet;

public sealed class AssignmentPolicyTests
{
    private const long Mbps = 1_000_000;

    private static ServerCandidate Server(string id, int streams, long bps = 0, long diskFree = 1L << 40, int maxStreams = 0, long maxBps = 0, long minFree = 0) =>
        new(id, streams, bps, diskFree, maxStreams, maxBps, minFree);

    [Test]
    public void Without_limits_the_server_with_fewest_streams_wins_and_ties_go_to_the_smaller_id()
    {
        Assert.That(AssignmentPolicy.Choose([Server("a", 3), Server("b", 1), Server("c", 2)], 4 * Mbps)!.Id, Is.EqualTo("b"));
        Assert.That(AssignmentPolicy.Choose([Server("b", 1), Server("a", 1)], 4 * Mbps)!.Id, Is.EqualTo("a"));
    }

    [Test]
    public void A_server_at_any_of_its_limits_is_never_chosen()
    {
        var full = new[]
        {
            Server("streams", 4, maxStreams: 4),
            Server("bitrate", 1, bps: 98 * Mbps, maxBps: 100 * Mbps),
            Server("disk", 0, diskFree: 1 << 20, minFree: 1 << 30),
        };
        Assert.That(AssignmentPolicy.Choose(full, 4 * Mbps), Is.Null);
        Assert.That(AssignmentPolicy.Choose([.. full, Server("spare", 10)], 4 * Mbps)!.Id, Is.EqualTo("spare"));
    }

    [Test]
    public void Headroom_on_the_tightest_limit_decides_between_limited_servers()
    {
        // "small" has fewer streams but is nearly full; "big" has more streams and more room.
        var small = Server("small", 7, maxStreams: 8);
        var big = Server("big", 20, maxStreams: 100);
        Assert.That(AssignmentPolicy.Choose([small, big], 4 * Mbps)!.Id, Is.EqualTo("big"));
    }

    [Test]
    public void A_thousand_cameras_over_twenty_servers_spread_evenly()
    {
        var servers = Enumerable.Range(0, 20).Select(i => Server($"rec-{i:00}", 0)).ToDictionary(s => s.Id);
        for (var camera = 0; camera < 1000; camera++)
        {
            var chosen = AssignmentPolicy.Choose(servers.Values, 4 * Mbps)!;
            servers[chosen.Id] = chosen.With(1, 4 * Mbps);
        }
        Assert.That(servers.Values.Select(s => s.Streams), Is.All.EqualTo(50));
    }
}
