using VmsServices.Hosting.Data;
using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Failover;
using VmsServices.Messages;

namespace VmsServices.Management.Tests.Archive;

/// <summary>An archiving server in the configuration table: a non-current holder row, a copy naming every server, never a placement target.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ArchiveHolderTests(DatabaseProvider provider)
{
    private TestDatabase _db = null!;
    private ConfigurationStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await TestDatabase.CreateAsync(provider);
        _store = new ConfigurationStore(_db.Open(), TimeProvider.System);
        await _store.MigrateAsync(default);
        foreach (var id in new[] { "rec-a", "rec-b", "arch-z" }) await _store.AddServerAsync(new RecordingServerRecord(id, id, $"http://{id}.test"), default);
        await _store.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1/cam1", null, null), [DataTypes.Video], "rec-a", default);
    }

    [TearDown]
    public async Task TearDown() => await _db.DisposeAsync();

    [Test]
    public async Task The_archive_gets_one_non_current_row_which_the_device_servers_see_and_the_ordinary_retirement_removes()
    {
        var change = await _store.AddArchiveHolderRowAsync("cam-1", DataTypes.Video, "arch-z", default);

        Assert.That(change!.Devices.Single().Entries, Does.Contain(new ConfigurationEntry("cam-1", DataTypes.Video, "arch-z", false)));
        Assert.That(change.Servers.Select(s => s.Id), Does.Contain("arch-z"), "the device's servers learn the archive's address");
        Assert.That(await _store.AddArchiveHolderRowAsync("cam-1", DataTypes.Video, "arch-z", default), Is.Null, "a second request changes nothing");
        var copyA = await _store.ReadCopyAsync("rec-a", default);
        Assert.That(copyA.Devices.Single().Entries.Select(e => (e.RecordingServerId, e.IsCurrent)), Is.EquivalentTo(new[] { ("rec-a", true), ("arch-z", false) }));

        Assert.That(await _store.RetireRowAsync("cam-1", DataTypes.Video, "arch-z", default), Is.Not.Null);
        Assert.That((await _store.ReadTableAsync("arch-z", default)).Entries, Is.Empty);
    }

    [Test]
    public async Task No_row_for_an_unknown_device_or_server()
    {
        Assert.That(await _store.AddArchiveHolderRowAsync("cam-gone", DataTypes.Video, "arch-z", default), Is.Null);
        Assert.That(await _store.AddArchiveHolderRowAsync("cam-1", DataTypes.Video, "arch-unknown", default), Is.Null);
        Assert.That((await _store.ReadTableAsync(null, default)).Entries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_archiving_server_copy_names_every_server_a_recording_server_copy_only_its_peers()
    {
        Assert.That((await _store.ReadCopyAsync("arch-z", default, allServers: true)).Servers.Select(s => s.Id), Is.EqualTo(new[] { "arch-z", "rec-a", "rec-b" }));
        Assert.That((await _store.ReadCopyAsync("rec-b", default)).Servers.Select(s => s.Id), Is.EqualTo(new[] { "rec-b" }));
    }

    [Test]
    public void Placement_never_chooses_an_archiving_server_however_idle()
    {
        var fleet = new Management.Assignment.Fleet(
            [new ServerState("rec-a", ServerStates.Online), new ServerState("arch-z", ServerStates.Online)],
            [new DevicePlacement("a1", "rec-a", Placements.Automatic), new DevicePlacement("a2", "rec-a", Placements.Automatic), new DevicePlacement("a3", "rec-a", Placements.Automatic)],
            [], new Dictionary<string, int>(), _ => null, 4_000_000, archiveServers: new HashSet<string> { "arch-z" });

        Assert.That(fleet.Choose()!.Id, Is.EqualTo("rec-a"));
        Assert.That(fleet.Choose("rec-a"), Is.Null, "failing rec-a over has no target");
        Assert.That(Rebalancer.NextStep(fleet, new HashSet<string>(), 1), Is.Null, "nothing is rebalanced onto it");
    }
}
