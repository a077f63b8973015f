using Dapper;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Security;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Users;

namespace VmsServices.Management.Tests.Accounts;

/// <summary>The local users on both dialects: passwords only as salted hashes, and an installation that always keeps an administrator.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class UserStoreTests(DatabaseProvider provider)
{
    private const string Password = "Correct-Horse-42";
    private TestDatabase _database = null!;
    private ManualClock _clock = null!;
    private UserStore _users = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _clock = new ManualClock();
        await new ConfigurationStore(_database.Open(), _clock).MigrateAsync(default);
        _users = new UserStore(_database.Open(), _clock);
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private Task<bool> Put(string name, VmsRole role, string? password = Password, IReadOnlyList<string>? devices = null) =>
        _users.PutAsync(name, new PutUserRequest(role, password, devices), default);

    private async Task<string> StoredHash(string name)
    {
        await using var c = await _database.Open().OpenAsync(default);
        return await c.QuerySingleAsync<string>("SELECT password_hash FROM users WHERE name = @name", new { name });
    }

    [Test]
    public void A_new_user_needs_a_password()
    {
        var e = Assert.ThrowsAsync<InvalidRequestException>(() => Put("alice", VmsRole.Viewer, password: null));

        Assert.That(e!.Message, Does.Contain("needs a password"));
    }

    [Test]
    public async Task Put_creates_once_then_changes_and_a_change_without_password_keeps_the_old_one()
    {
        Assert.That(await Put("alice", VmsRole.Viewer), Is.True, "created");
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(await Put("alice", VmsRole.Operator, password: null), Is.False, "changed");

        var alice = await _users.GetAsync("alice", default);
        Assert.That(alice.Role, Is.EqualTo(VmsRole.Operator));
        Assert.That(alice.UpdatedUtcMicros, Is.EqualTo(_clock.Now()));
        Assert.That((await _users.VerifyAsync("alice", Password, default))?.Role, Is.EqualTo(VmsRole.Operator), "the password still works");
    }

    [Test]
    public async Task The_database_holds_a_hash_that_is_not_the_password_and_differs_between_users_with_the_same_password()
    {
        await Put("alice", VmsRole.Viewer);
        await Put("bob", VmsRole.Viewer);

        var alice = await StoredHash("alice");
        var bob = await StoredHash("bob");

        Assert.That(alice, Does.Not.Contain(Password));
        Assert.That(bob, Does.Not.Contain(Password));
        Assert.That(alice, Is.Not.EqualTo(bob), "salted per user: equal passwords do not show as equal hashes");
        Assert.That((await _users.ListAsync(default)).Select(u => u.ToString()), Has.None.Contains(alice).And.None.Contains(Password));
    }

    [Test]
    public async Task Verify_accepts_the_right_password_only()
    {
        await Put("alice", VmsRole.Operator, devices: ["cam-1"]);

        var alice = await _users.VerifyAsync("alice", Password, default);

        Assert.That(alice, Is.Not.Null);
        Assert.That(alice!.Name, Is.EqualTo("alice"));
        Assert.That(alice.Role, Is.EqualTo(VmsRole.Operator));
        Assert.That(alice.Devices, Is.EqualTo(new[] { "cam-1" }));
        Assert.That(await _users.VerifyAsync("alice", "Correct-Horse-43", default), Is.Null, "wrong password");
        Assert.That(await _users.VerifyAsync("alice", Password.ToUpperInvariant(), default), Is.Null, "passwords are case sensitive");
        Assert.That(await _users.VerifyAsync("mallory", Password, default), Is.Null, "unknown user: the same answer as a wrong password");
    }

    [Test]
    public async Task A_new_password_replaces_the_old_one()
    {
        await Put("alice", VmsRole.Viewer);

        await Put("alice", VmsRole.Viewer, password: "Battery-Staple-7");

        Assert.That(await _users.VerifyAsync("alice", Password, default), Is.Null);
        Assert.That(await _users.VerifyAsync("alice", "Battery-Staple-7", default), Is.Not.Null);
    }

    [Test]
    public async Task The_last_administrator_can_be_neither_deleted_nor_demoted()
    {
        await Put("admin", VmsRole.Administrator);
        await Put("alice", VmsRole.Operator);

        Assert.ThrowsAsync<ConflictException>(() => _users.DeleteAsync("admin", default));
        var demote = Assert.ThrowsAsync<ConflictException>(() => Put("admin", VmsRole.Viewer, password: null));
        Assert.That(demote!.Message, Does.Contain("last administrator"));
        Assert.That((await _users.GetAsync("admin", default)).Role, Is.EqualTo(VmsRole.Administrator), "nothing changed");

        await _users.DeleteAsync("alice", default);
        Assert.That((await _users.ListAsync(default)).Select(u => u.Name), Is.EqualTo(new[] { "admin" }), "other users can go");
    }

    [Test]
    public async Task With_a_second_administrator_the_first_can_be_demoted_and_deleted()
    {
        await Put("admin", VmsRole.Administrator);
        await Put("alice", VmsRole.Administrator);

        await Put("admin", VmsRole.Operator, password: null);
        await _users.DeleteAsync("admin", default);

        Assert.That((await _users.ListAsync(default)).Select(u => (u.Name, u.Role)), Is.EqualTo(new[] { ("alice", VmsRole.Administrator) }));
        Assert.ThrowsAsync<ConflictException>(() => _users.DeleteAsync("alice", default), "now alice is the last one");
    }

    [Test]
    public async Task Device_lists_round_trip_and_null_means_every_device()
    {
        await Put("all", VmsRole.Viewer);
        await Put("some", VmsRole.Viewer, devices: ["cam-1", "door_2"]);
        await Put("none", VmsRole.Viewer, devices: []);

        var users = (await _users.ListAsync(default)).ToDictionary(u => u.Name, u => u.Devices);

        Assert.That(users["all"], Is.Null);
        Assert.That(users["some"], Is.EqualTo(new[] { "cam-1", "door_2" }));
        Assert.That(users["none"], Is.Empty, "limited to no device is not the same as unlimited");

        await Put("some", VmsRole.Viewer, password: null, devices: ["cam-3"]);
        Assert.That((await _users.GetAsync("some", default)).Devices, Is.EqualTo(new[] { "cam-3" }));
        await Put("some", VmsRole.Viewer, password: null, devices: null);
        Assert.That((await _users.GetAsync("some", default)).Devices, Is.Null);
    }

    [Test]
    public async Task Unknown_users_are_not_found_and_count_counts_the_others()
    {
        Assert.That(await _users.CountAsync(default), Is.Zero);
        await Put("alice", VmsRole.Viewer);

        Assert.That(await _users.CountAsync(default), Is.EqualTo(1));
        Assert.ThrowsAsync<NotFoundException>(() => _users.GetAsync("bob", default));
        Assert.ThrowsAsync<NotFoundException>(() => _users.DeleteAsync("bob", default));
    }
}
