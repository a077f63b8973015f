using Dapper;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Credentials;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Credentials;

/// <summary>The camera credentials store on both dialects: protected at rest, readable again with the same keys only.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class CameraCredentialsStoreTests(DatabaseProvider provider)
{
    private const string Password = "Pa55-w0rd!clear";
    private TestDatabase _database = null!;
    private string _keys = null!;
    private ConfigurationStore _table = null!;
    private CameraCredentialsStore _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _keys = RepoPaths.NewScratchDirectory("keys");
        _table = new ConfigurationStore(_database.Open(), TimeProvider.System);
        await _table.MigrateAsync(default);
        _store = StoreWithKeys(_keys);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _database.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    private CameraCredentialsStore StoreWithKeys(string keys) => new(_database.Open(), new ManualClock(), new CredentialsProtector(keys));

    private async Task GivenDeviceOnRecA(string deviceId, string? credentialsRef)
    {
        if ((await _table.ListServersAsync(default)).Count == 0)
            await _table.AddServerAsync(new RecordingServerRecord("rec-a", "A", "http://127.0.0.1:6001"), default);
        await _table.AddDeviceAsync(new DeviceRecord(deviceId, deviceId, $"rtsp://127.0.0.1:8554/{deviceId}", null, credentialsRef), [DataTypes.Video], "rec-a", default);
    }

    [Test]
    public async Task The_database_holds_the_password_only_protected()
    {
        await _store.PutAsync("lobby", "operator", Password, default);

        await using var c = await _database.Open().OpenAsync(default);
        var row = (IDictionary<string, object>)await c.QuerySingleAsync("SELECT * FROM camera_credentials");
        Assert.That(row.Values.Select(v => v?.ToString() ?? ""), Has.None.Contains(Password));
        Assert.That(row["protected_password"], Is.Not.Empty);
        Assert.That((await _store.FindAccountAsync("lobby", default))!.Password, Is.EqualTo(Password));
    }

    [Test]
    public async Task A_put_replaces_the_account_and_reads_show_no_password()
    {
        await _store.PutAsync("lobby", "operator", "old-one", default);
        await _store.PutAsync("lobby", "admin", Password, default);

        Assert.That(await _store.FindAccountAsync("lobby", default), Is.EqualTo(new CameraAccount("admin", Password)));
        Assert.That(await _store.ListAsync(default), Is.EqualTo(new[] { new CameraCredentialsInfo("lobby", "admin", new ManualClock().Now()) }));
        Assert.That(await _store.FindAccountAsync("unknown", default), Is.Null);
        Assert.ThrowsAsync<NotFoundException>(() => _store.GetAsync("unknown", default));
    }

    [Test]
    public async Task The_same_keys_directory_opens_the_password_after_a_restart()
    {
        await _store.PutAsync("lobby", "operator", Password, default);

        var restarted = StoreWithKeys(_keys);

        Assert.That((await restarted.FindAccountAsync("lobby", default))!.Password, Is.EqualTo(Password));
    }

    [Test]
    public async Task Without_its_keys_the_password_is_refused_with_a_clear_error()
    {
        await _store.PutAsync("lobby", "operator", Password, default);
        var otherKeys = RepoPaths.NewScratchDirectory("keys");
        try
        {
            var e = Assert.ThrowsAsync<UnavailableException>(() => StoreWithKeys(otherKeys).FindAccountAsync("lobby", default));
            Assert.That(e!.Message, Does.Contain("KeysDirectory").And.Not.Contain(Password));
        }
        finally
        {
            Directory.Delete(otherKeys, recursive: true);
        }
    }

    [Test]
    public async Task A_recording_server_gets_only_the_accounts_of_devices_it_has_rows_for()
    {
        await _store.PutAsync("lobby", "operator", Password, default);
        await _store.PutAsync("unused", "nobody", "other", default);
        await GivenDeviceOnRecA("cam-1", "lobby");
        await _table.AddServerAsync(new RecordingServerRecord("rec-b", "B", "http://127.0.0.1:6002"), default);

        Assert.That(await _store.FindAccountForServerAsync("rec-a", "lobby", default), Is.EqualTo(new CameraAccount("operator", Password)));
        Assert.That(await _store.FindAccountForServerAsync("rec-b", "lobby", default), Is.Null, "rec-b records no device using it");
        Assert.That(await _store.FindAccountForServerAsync("rec-a", "unused", default), Is.Null, "no device of rec-a uses it");
    }

    [Test]
    public async Task Credentials_in_use_are_not_deleted()
    {
        await _store.PutAsync("lobby", "operator", Password, default);
        await GivenDeviceOnRecA("cam-1", "lobby");

        var e = Assert.ThrowsAsync<ConflictException>(() => _store.DeleteAsync("lobby", default));
        Assert.That(e!.Message, Does.Contain("cam-1"));

        await _table.RemoveDeviceAsync("cam-1", default);
        await _store.DeleteAsync("lobby", default);
        Assert.That(await _store.ListAsync(default), Is.Empty);
        Assert.ThrowsAsync<NotFoundException>(() => _store.DeleteAsync("lobby", default));
    }
}
