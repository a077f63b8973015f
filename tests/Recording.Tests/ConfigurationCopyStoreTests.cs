using VmsServices.Hosting.Data;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests;

public sealed class ConfigurationCopyStoreTests
{
    private string _dir = null!;
    private ConfigurationCopyStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dir = RepoPaths.NewScratchDirectory("copy");
        _store = new ConfigurationCopyStore(new Database(SqlDialect.For(new DatabaseSettings { ConnectionString = Path.Combine(_dir, "recorder.db") })), TimeProvider.System);
        await _store.MigrateAsync(default);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    [Test]
    public async Task A_saved_copy_loads_back_identical()
    {
        var copy = new ConfigurationCopy("rec-a", 7,
            [new DeviceConfiguration(new DeviceRecord("cam-1", "Lobby", "rtsp://127.0.0.1/cam1", "127.0.0.1", "cam-1-secret"),
                [new ConfigurationEntry("cam-1", DataTypes.Audio, "rec-a", true), new ConfigurationEntry("cam-1", DataTypes.Video, "rec-a", false)])],
            [new RecordingServerRecord("rec-a", "A", "http://127.0.0.1:6001")]);

        await _store.SaveAsync(copy, default);
        var loaded = await _store.LoadAsync("rec-a", default);

        Assert.That(loaded!.Version, Is.EqualTo(7));
        Assert.That(loaded.Devices.Single().Device, Is.EqualTo(copy.Devices[0].Device));
        Assert.That(loaded.Devices.Single().Entries, Is.EqualTo(copy.Devices[0].Entries));
        Assert.That(loaded.Servers, Is.EqualTo(copy.Servers));
    }

    [Test]
    public async Task A_copy_saved_for_another_server_id_is_not_used()
    {
        await _store.SaveAsync(new ConfigurationCopy("rec-a", 3, [], []), default);

        Assert.That(await _store.LoadAsync("rec-b", default), Is.Null);
    }

    [Test]
    public async Task A_new_copy_replaces_the_old_one_whole()
    {
        await _store.SaveAsync(new ConfigurationCopy("rec-a", 1,
            [new DeviceConfiguration(new DeviceRecord("cam-1", "x", "rtsp://h/1", null, null), [new ConfigurationEntry("cam-1", DataTypes.Video, "rec-a", true)])], []), default);

        await _store.SaveAsync(new ConfigurationCopy("rec-a", 2, [], []), default);

        var loaded = await _store.LoadAsync("rec-a", default);
        Assert.That(loaded!.Version, Is.EqualTo(2));
        Assert.That(loaded.Devices, Is.Empty);
    }
}
