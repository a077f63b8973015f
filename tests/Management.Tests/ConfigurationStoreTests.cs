using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests;

/// <summary>The one store suite, run on both dialects: SQLite (embedded default) and PostgreSQL (production).</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ConfigurationStoreTests(DatabaseProvider provider)
{
    private PostgresDatabase? _postgres;
    private string? _sqliteDirectory;
    private Database _db = null!;
    private ConfigurationStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        string connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            _postgres = await PostgresDatabase.CreateAsync();
            connectionString = _postgres.ConnectionString;
        }
        else
        {
            _sqliteDirectory = RepoPaths.NewScratchDirectory("store");
            connectionString = Path.Combine(_sqliteDirectory, "management.db");
        }
        _db = new Database(SqlDialect.For(new DatabaseSettings { Provider = provider, ConnectionString = connectionString }));
        _store = new ConfigurationStore(_db, TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }

    private static RecordingServerRecord Server(string id) => new(id, id.ToUpperInvariant(), $"http://127.0.0.1:6{id.Length}01");

    private static DeviceRecord Camera(string id) => new(id, "Camera " + id, $"rtsp://127.0.0.1:8554/{id}", null, null);

    private async Task GivenServers(params string[] ids)
    {
        foreach (var id in ids) await _store.AddServerAsync(Server(id), default);
    }

    [Test]
    public async Task Migrating_again_changes_nothing()
    {
        var applied = await MigrationRunner.MigrateAsync(_db, ConfigurationSchema.Migrations, TimeProvider.System, default);

        Assert.That(applied, Is.EqualTo(0));
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(0));
    }

    [Test]
    public async Task A_new_device_gets_one_current_row_per_data_type_as_in_fig_6a()
    {
        await GivenServers("rec-a");

        var change = await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video, DataTypes.Audio], "rec-a", default);

        var (_, entries) = await _store.ReadTableAsync(null, default);
        Assert.That(entries, Is.EqualTo(new[]
        {
            new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-a", true),
            new ConfigurationEntry("cam-1", DataTypes.Video, "rec-a", true),
        }));
        Assert.That(change.Devices.Single().Entries, Is.EqualTo(entries));
        Assert.That(change.Servers.Select(s => s.Id), Is.EqualTo(new[] { "rec-a" }));
    }

    [Test]
    public async Task Every_change_bumps_the_version_by_exactly_one()
    {
        var a = await _store.AddServerAsync(Server("rec-a"), default);
        var b = await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-a", default);
        var c = await _store.RemoveDeviceAsync("cam-1", default);

        Assert.That(new[] { a.Version, b.Version, c.Version }, Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(3));
    }

    [Test]
    public async Task A_duplicate_device_is_a_conflict_and_writes_nothing()
    {
        await GivenServers("rec-a", "rec-b");
        await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-a", default);

        Assert.ThrowsAsync<ConflictException>(() => _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-b", default));

        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(3));
        var (_, entries) = await _store.ReadTableAsync(null, default);
        Assert.That(entries.Select(e => e.RecordingServerId), Is.EqualTo(new[] { "rec-a" }));
    }

    [Test]
    public async Task A_device_for_an_unknown_server_is_not_found_and_writes_nothing()
    {
        Assert.ThrowsAsync<NotFoundException>(() => _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-x", default));

        Assert.That(await _store.ListDevicesAsync(default), Is.Empty);
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(0));
    }

    [Test]
    public async Task Unknown_ids_are_not_found()
    {
        Assert.ThrowsAsync<NotFoundException>(() => _store.GetDeviceAsync("nope", default));
        Assert.ThrowsAsync<NotFoundException>(() => _store.GetServerAsync("nope", default));
        Assert.ThrowsAsync<NotFoundException>(() => _store.RemoveDeviceAsync("nope", default));
        Assert.ThrowsAsync<NotFoundException>(() => _store.RemoveServerAsync("nope", default));
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(0));
    }

    [Test]
    public async Task A_server_that_still_has_rows_cannot_be_removed()
    {
        await GivenServers("rec-a");
        await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-a", default);

        var refused = Assert.ThrowsAsync<ConflictException>(() => _store.RemoveServerAsync("rec-a", default));

        Assert.That(refused!.Message, Does.Contain("rec-a"));
        Assert.That((await _store.ListServersAsync(default)).Select(s => s.Id), Is.EqualTo(new[] { "rec-a" }));
    }

    [Test]
    public async Task Removing_a_device_removes_its_rows()
    {
        await GivenServers("rec-a");
        await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video, DataTypes.Audio], "rec-a", default);

        var change = await _store.RemoveDeviceAsync("cam-1", default);

        Assert.That(change.RemovedDeviceIds, Is.EqualTo(new[] { "cam-1" }));
        Assert.That((await _store.ReadTableAsync(null, default)).Entries, Is.Empty);
        Assert.DoesNotThrowAsync(() => _store.RemoveServerAsync("rec-a", default));
    }

    [Test]
    public async Task The_copy_for_a_server_holds_only_the_devices_naming_it()
    {
        await GivenServers("rec-a", "rec-b");
        await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-a", default);
        await _store.AddDeviceAsync(Camera("cam-2"), [DataTypes.Video], "rec-b", default);

        var copy = await _store.ReadCopyAsync("rec-a", default);

        Assert.That(copy.Version, Is.EqualTo(4));
        Assert.That(copy.Devices.Select(d => d.Device.Id), Is.EqualTo(new[] { "cam-1" }));
        Assert.That(copy.Servers.Select(s => s.Id), Is.EqualTo(new[] { "rec-a" }));
    }

    [Test]
    public async Task The_table_can_be_filtered_for_one_server()
    {
        await GivenServers("rec-a", "rec-b");
        await _store.AddDeviceAsync(Camera("cam-1"), [DataTypes.Video], "rec-a", default);
        await _store.AddDeviceAsync(Camera("cam-2"), [DataTypes.Video], "rec-b", default);

        var (version, entries) = await _store.ReadTableAsync("rec-b", default);

        Assert.That(version, Is.EqualTo(4));
        Assert.That(entries, Is.EqualTo(new[] { new ConfigurationEntry("cam-2", DataTypes.Video, "rec-b", true) }));
    }

    [Test]
    public async Task A_server_announcing_itself_joins_once_and_updates_its_address()
    {
        var joined = await _store.RegisterServerAsync(Server("rec-a"), default);
        var again = await _store.RegisterServerAsync(Server("rec-a"), default);
        var moved = await _store.RegisterServerAsync(Server("rec-a") with { Address = "http://127.0.0.1:7000" }, default);

        Assert.That(joined?.Version, Is.EqualTo(1));
        Assert.That(again, Is.Null);
        Assert.That(moved?.Servers.Single().Address, Is.EqualTo("http://127.0.0.1:7000"));
        Assert.That((await _store.GetServerAsync("rec-a", default)).Address, Is.EqualTo("http://127.0.0.1:7000"));
    }

    [Test]
    public async Task Concurrent_registrations_of_one_id_let_exactly_one_win()
    {
        await GivenServers("rec-a");

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await _store.AddDeviceAsync(Camera("cam-1") with { Name = $"attempt {i}" }, [DataTypes.Video], "rec-a", default);
                return true;
            }
            catch (ConflictException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(won => won), Is.EqualTo(1));
        Assert.That((await _store.ReadTableAsync(null, default)).Entries, Has.Count.EqualTo(1));
        Assert.That(await _store.GetVersionAsync(default), Is.EqualTo(2));
    }
}
