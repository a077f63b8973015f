using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Seed 000 FIG. 3 in distributed mode: a management server and two recording servers as separate
/// processes over RabbitMQ and PostgreSQL.
/// </summary>
[Category("Integration")]
public sealed class DistributedConfigurationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private ServiceCluster _cluster = null!;

    [SetUp]
    public async Task SetUp() => _cluster = await ServiceCluster.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _cluster.DisposeAsync();

    [Test]
    public async Task Each_recorder_gets_its_partial_copy_at_start_and_only_its_own_changes_after()
    {
        await _cluster.StartManagementAsync();
        var management = _cluster.Management;
        await management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        await management.AddDeviceAsync("cam-0", "rec-a");

        var (_, a) = await _cluster.StartRecorderAsync("rec-a");
        var (_, b) = await _cluster.StartRecorderAsync("rec-b");

        // At start-up: A's copy already holds the device assigned before it ran; B's does not.
        var copyA = await Eventually.Get(a.CopyAsync, c => c.DeviceIds().Contains("cam-0"), Patience, "rec-a's start-up copy");
        var copyB = await Eventually.Get(b.CopyAsync, c => c.Version > 0, Patience, "rec-b's start-up copy");
        Assert.That(copyA.Servers.Select(s => s.Id), Is.EqualTo(new[] { "rec-a" }));
        Assert.That(copyB.DeviceIds(), Is.Empty);

        // rec-b joined by announcing itself; a device assigned to rec-a reaches rec-a by ConfigurationChanged.
        await Eventually.Get(management.ServersAsync, s => s.Any(x => x.Id == "rec-b"), Patience, "rec-b to join");
        await management.AddDeviceAsync("cam-1", "rec-a");
        var (version, _) = await management.TableAsync();

        copyA = await Eventually.Get(a.CopyAsync, c => c.Version == version, Patience, "rec-a to apply the change");
        copyB = await Eventually.Get(b.CopyAsync, c => c.Version == version, Patience, "rec-b to see the version pass");
        Assert.That(copyA.DeviceIds(), Is.EqualTo(new[] { "cam-0", "cam-1" }));
        Assert.That(copyB.DeviceIds(), Is.Empty, "a change that does not concern rec-b must not enter its copy");
    }

    [Test]
    public async Task Recorders_keep_their_copy_while_management_is_down_and_converge_when_it_returns()
    {
        await _cluster.StartManagementAsync();
        var management = _cluster.Management;
        var (_, a) = await _cluster.StartRecorderAsync("rec-a");
        var (recorderB, b) = await _cluster.StartRecorderAsync("rec-b");
        await Eventually.Get(management.ServersAsync, s => s.Count == 2, Patience, "both recorders to join");
        await management.AddDeviceAsync("cam-1", "rec-a");
        await management.AddDeviceAsync("cam-2", "rec-b");
        var before = await Eventually.Get(a.CopyAsync, c => c.DeviceIds().Contains("cam-1"), Patience, "rec-a's copy");
        await Eventually.Get(b.CopyAsync, c => c.DeviceIds().Contains("cam-2"), Patience, "rec-b's copy");

        await _cluster.StopManagementAsync();

        // Both keep answering from their copy; rec-b even restarts from its local store alone.
        Assert.That((await a.CopyAsync()).DeviceIds(), Is.EqualTo(before.DeviceIds()));
        Assert.That(await recorderB.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True);
        (_, b) = await _cluster.StartRecorderAsync("rec-b");
        Assert.That((await b.CopyAsync()).DeviceIds(), Is.EqualTo(new[] { "cam-2" }));

        // Management returns; a change made now reaches the recorders, which also refresh on its return.
        await _cluster.StartManagementAsync();
        await management.AddDeviceAsync("cam-3", "rec-b");
        var (version, _) = await management.TableAsync();
        var copyB = await Eventually.Get(b.CopyAsync, c => c.Version == version, Patience, "rec-b to converge");
        var copyA = await Eventually.Get(a.CopyAsync, c => c.Version == version, Patience, "rec-a to converge");
        Assert.That(copyB.DeviceIds(), Is.EqualTo(new[] { "cam-2", "cam-3" }));
        Assert.That(copyA.DeviceIds(), Is.EqualTo(new[] { "cam-1" }));
    }

    [Test]
    public async Task A_recorder_that_was_down_during_a_change_catches_up_at_start()
    {
        _cluster.RefreshInterval = TimeSpan.FromMinutes(10);
        await _cluster.StartManagementAsync();
        var management = _cluster.Management;
        await management.AddServerAsync("rec-a", _cluster.RecorderUrl("rec-a"));
        var (recorderA, a) = await _cluster.StartRecorderAsync("rec-a");
        await Eventually.Get(a.CopyAsync, c => c.Version > 0, Patience, "rec-a's first copy");
        Assert.That(await recorderA.StopGracefullyAsync(TimeSpan.FromSeconds(20)), Is.True);

        await management.AddDeviceAsync("cam-9", "rec-a");

        (_, a) = await _cluster.StartRecorderAsync("rec-a");
        var copy = await Eventually.Get(a.CopyAsync, c => c.DeviceIds().Contains("cam-9"), Patience, "rec-a to catch up");
        Assert.That(copy.Version, Is.EqualTo((await management.TableAsync()).Version));
    }
}
