using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management.Tests;

/// <summary>Moving and retiring rows of the master table (seed 000 FIG. 6B, [0081]), on both dialects.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ConfigurationStoreMoveTests(DatabaseProvider provider)
{
    private TestDatabase _database = null!;
    private ConfigurationStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _store = new ConfigurationStore(_database.Open(), TimeProvider.System);
        await _store.MigrateAsync(default);
        foreach (var id in new[] { "rec-a", "rec-b" })
            await _store.AddServerAsync(new RecordingServerRecord(id, id, "http://127.0.0.1:6001"), default);
        await _store.AddDeviceAsync(new DeviceRecord("cam-1", "Lobby", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video, DataTypes.Audio], "rec-a", default);
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private async Task<IReadOnlyList<ConfigurationEntry>> Table() => (await _store.ReadTableAsync(null, default)).Entries;

    [Test]
    public async Task A_move_adds_the_target_as_current_and_keeps_the_old_rows_as_non_current_as_in_fig_6b()
    {
        var change = await _store.MoveDeviceAsync("cam-1", "rec-b", null, default);

        Assert.That(await Table(), Is.EqualTo(new[]
        {
            new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-a", false),
            new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-b", true),
            new ConfigurationEntry("cam-1", DataTypes.Video, "rec-a", false),
            new ConfigurationEntry("cam-1", DataTypes.Video, "rec-b", true),
        }));
        Assert.That(change!.Version, Is.EqualTo(4));
        Assert.That(change.Devices.Single().Entries, Is.EqualTo(await Table()));
        Assert.That(change.Servers.Select(s => s.Id), Is.EquivalentTo(new[] { "rec-a", "rec-b" }));
    }

    [Test]
    public async Task Moving_back_flips_the_old_row_instead_of_adding_another()
    {
        await _store.MoveDeviceAsync("cam-1", "rec-b", null, default);

        var back = await _store.MoveDeviceAsync("cam-1", "rec-a", null, default);

        var table = await Table();
        Assert.That(table, Has.Count.EqualTo(4));
        Assert.That(table.Where(e => e.IsCurrent).Select(e => e.RecordingServerId), Is.All.EqualTo("rec-a"));
        Assert.That(table.Where(e => !e.IsCurrent).Select(e => e.RecordingServerId), Is.All.EqualTo("rec-b"));
        Assert.That(back!.Version, Is.EqualTo(5));
    }

    [Test]
    public async Task Moving_to_the_current_server_changes_nothing_and_keeps_the_version()
    {
        var change = await _store.MoveDeviceAsync("cam-1", "rec-a", null, default);

        Assert.That(change, Is.Null);
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(3));
    }

    [Test]
    public async Task A_move_to_an_unknown_server_or_of_an_unknown_device_is_not_found_and_writes_nothing()
    {
        Assert.ThrowsAsync<NotFoundException>(() => _store.MoveDeviceAsync("cam-1", "rec-x", null, default));
        Assert.ThrowsAsync<NotFoundException>(() => _store.MoveDeviceAsync("cam-x", "rec-b", null, default));

        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(3));
    }

    [Test]
    public async Task A_failing_step_in_the_same_transaction_rolls_the_move_back()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.MoveDeviceAsync("cam-1", "rec-b", (_, _, _) => throw new InvalidOperationException("claim lost"), default));

        Assert.That((await Table()).Where(e => e.IsCurrent).Select(e => e.RecordingServerId), Is.All.EqualTo("rec-a"));
        Assert.That(await Table(), Has.Count.EqualTo(2));
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(3));
    }

    [Test]
    public async Task Retirement_removes_a_non_current_row_only_and_bumps_the_version_by_one()
    {
        await _store.MoveDeviceAsync("cam-1", "rec-b", null, default);

        var retired = await _store.RetireRowAsync("cam-1", DataTypes.Video, "rec-a", default);
        var current = await _store.RetireRowAsync("cam-1", DataTypes.Video, "rec-b", default);
        var again = await _store.RetireRowAsync("cam-1", DataTypes.Video, "rec-a", default);

        Assert.That(retired!.Version, Is.EqualTo(5));
        Assert.That(current, Is.Null);
        Assert.That(again, Is.Null);
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(5));
        Assert.That(await Table(), Is.EqualTo(new[]
        {
            new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-a", false),
            new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-b", true),
            new ConfigurationEntry("cam-1", DataTypes.Video, "rec-b", true),
        }));
        Assert.That(retired.Devices.Single().Entries, Has.Count.EqualTo(3));
        Assert.That(retired.Servers.Select(s => s.Id), Does.Contain("rec-a"));
    }
}
