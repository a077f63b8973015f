using VmsServices.Hosting.Data;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Moves;
using VmsServices.Messages;

namespace VmsServices.Management.Tests.Moves;

/// <summary>Moves sent to the saga and not yet stored by it (<see cref="RequestedMoves"/>), against a real moves table.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class RequestedMovesTests(DatabaseProvider provider)
{
    private static readonly TimeSpan PrepareTimeout = TimeSpan.FromSeconds(30);
    private TestDatabase _database = null!;
    private MoveStore _moves = null!;
    private ManualClock _clock = null!;
    private RequestedMoves _requested = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync(provider);
        var table = new ConfigurationStore(_database.Open(), TimeProvider.System);
        await table.MigrateAsync(default);
        foreach (var id in new[] { "rec-a", "rec-b" })
            await table.AddServerAsync(new RecordingServerRecord(id, id, "http://127.0.0.1:6001"), default);
        await table.AddDeviceAsync(new DeviceRecord("cam-1", "cam-1", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video], "rec-a", default);
        _moves = new MoveStore(_database.Open());
        _clock = new ManualClock();
        _requested = new RequestedMoves(_moves, new MoveSettings { PrepareTimeout = PrepareTimeout }, _clock);
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    private static MoveState Move(string deviceId = "cam-1") => new()
    {
        CorrelationId = Guid.NewGuid(),
        DeviceId = deviceId,
        FromRecordingServerId = "rec-a",
        ToRecordingServerId = "rec-b",
        CurrentState = MoveStates.Preparing,
        RequestedBy = MoveRequesters.Failover,
    };

    private async Task<IEnumerable<Guid>> Unstored() => (await _requested.UnstoredAsync(default)).Select(m => m.CorrelationId);

    [Test]
    public async Task A_sent_move_counts_until_the_saga_has_stored_it()
    {
        var move = Move();
        _requested.Sent(move);
        Assert.That(await Unstored(), Is.EqualTo(new[] { move.CorrelationId }));

        await _moves.InsertAsync(move, default);

        Assert.That(await Unstored(), Is.Empty, "the moves table speaks for it now");
    }

    [Test]
    public async Task A_move_never_stored_is_forgotten_after_the_prepare_timeout()
    {
        var move = Move();
        _requested.Sent(move);

        _clock.Advance(PrepareTimeout);
        Assert.That(await Unstored(), Is.EqualTo(new[] { move.CorrelationId }));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await Unstored(), Is.Empty, "a MoveDevice that never arrived does not pin its device");
    }

    [Test]
    public async Task A_move_the_bus_refused_is_forgotten_at_once()
    {
        var move = Move();
        _requested.Sent(move);

        _requested.Forget(move.CorrelationId);

        Assert.That(await Unstored(), Is.Empty);
    }

    [Test]
    public async Task A_request_looks_up_only_its_own_device()
    {
        var move = Move();
        _requested.Sent(move);

        Assert.That((await _requested.UnstoredOfAsync("cam-1", default))?.CorrelationId, Is.EqualTo(move.CorrelationId));
        Assert.That(await _requested.UnstoredOfAsync("cam-2", default), Is.Null);
        await _moves.InsertAsync(move, default);
        Assert.That(await _requested.UnstoredOfAsync("cam-1", default), Is.Null, "stored: FindRunningAsync answers now");
    }

    [Test]
    public async Task Hundreds_of_sent_moves_are_checked_against_the_table_at_once()
    {
        var moves = Enumerable.Range(0, 600).Select(i => Move($"cam-{i}")).ToList();
        foreach (var m in moves) _requested.Sent(m);
        var stored = new HashSet<Guid>((await _moves.ListStoredAsync(moves.Select(m => m.CorrelationId).ToList(), default)));
        Assert.That(stored, Is.Empty);

        await _moves.InsertAsync(moves[0], default); // one of them stored by the saga
        Assert.That(await _moves.ListStoredAsync(moves.Select(m => m.CorrelationId).ToList(), default), Is.EquivalentTo(new[] { moves[0].CorrelationId }));
        Assert.That((await Unstored()).Count(), Is.EqualTo(599));
    }
}
