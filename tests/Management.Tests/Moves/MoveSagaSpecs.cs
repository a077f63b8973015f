using VmsServices.Hosting.Data;
using VmsServices.Management.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Moves;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_a_move_is_requested(DatabaseProvider provider) : MoveSpecification(provider)
{
    private Guid _move;

    [SetUp]
    public async Task Request()
    {
        Node.Reply = PrepareReply.None;
        _move = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(_move, MoveStates.Preparing);
    }

    [Test]
    public async Task Should_send_PrepareRecording_to_the_target()
    {
        var prepare = await Eventually.Get(() => Task.FromResult(Node.Prepared.ToList()), p => p.Count > 0, TimeSpan.FromSeconds(10), "PrepareRecording");

        Assert.That(prepare.Single().MoveId, Is.EqualTo(_move));
        Assert.That(prepare.Single().RecordingServerId, Is.EqualTo("rec-b"));
        Assert.That(prepare.Single().Device.Device.Id, Is.EqualTo("cam-1"));
    }

    [Test]
    public async Task Should_mark_the_device_moving_and_leave_the_table_until_the_target_records()
    {
        var move = await Node.Moves.LoadAsync(_move, default);

        Assert.That(move!.FromRecordingServerId, Is.EqualTo("rec-a"));
        Assert.That(move.RequestedBy, Is.EqualTo("tester"));
        Assert.That(move.DeadlineUtcMicros, Is.EqualTo(move.CreatedUtcMicros + 30_000_000));
        Assert.That((await Node.Moves.FindRunningAsync("cam-1", default))!.CorrelationId, Is.EqualTo(_move));
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
        Assert.That(await Node.Table.GetVersionAsync(default), Is.EqualTo(3));
    }
}

[TestFixture(DatabaseProvider.Sqlite, PrepareReply.PublishSucceeded)]
[TestFixture(DatabaseProvider.Sqlite, PrepareReply.RespondSucceeded)]
[TestFixture(DatabaseProvider.Postgres, PrepareReply.PublishSucceeded)]
public sealed class When_the_target_prepared(DatabaseProvider provider, PrepareReply reply) : MoveSpecification(provider)
{
    [Test]
    public async Task Should_update_the_table_and_publish_DeviceMoved_and_ConfigurationChanged()
    {
        Node.Reply = reply;

        var id = await Node.SendMoveAsync("cam-1", "rec-b");

        var move = await Node.MoveIn(id, MoveStates.Completed);
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-b" }));
        var (_, rows) = await Node.Table.ReadTableAsync(null, default);
        Assert.That(rows.Count(r => r.RecordingServerId == "rec-a" && !r.IsCurrent), Is.EqualTo(2), "the old rows stay, non-current (FIG. 6B)");
        Assert.That(move.ConfigurationVersion, Is.EqualTo(4));
        Assert.That(move.EndedUtcMicros, Is.Not.Null);
        var moved = await Eventually.Get(() => Task.FromResult(Node.PublishedOf<DeviceMoved>()), m => m.Count > 0, TimeSpan.FromSeconds(10), "DeviceMoved");
        Assert.That(moved.Single(), Is.EqualTo(new DeviceMoved(id, "cam-1", "rec-a", "rec-b", 4, move.EndedUtcMicros!.Value)));
        var changed = await Eventually.Get(() => Task.FromResult(Node.PublishedOf<ConfigurationChanged>()), c => c.Any(x => x.Version == 4), TimeSpan.FromSeconds(10), "ConfigurationChanged");
        Assert.That(changed.Single(c => c.Version == 4).Devices.Single().Entries.Where(e => e.IsCurrent).Select(e => e.RecordingServerId), Is.All.EqualTo("rec-b"));
        Assert.That(Node.PublishedOf<MoveFailed>(), Is.Empty);
        Assert.That(Node.Cancelled, Is.Empty);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_the_target_fails(DatabaseProvider provider) : MoveSpecification(provider)
{
    [Test]
    public async Task Should_cancel_and_leave_the_table()
    {
        Node.Reply = PrepareReply.PublishError;

        var id = await Node.SendMoveAsync("cam-1", "rec-b");

        var move = await Node.MoveIn(id, MoveStates.Failed);
        Assert.That(move.Failure, Is.EqualTo(MoveFailures.PrepareFailed));
        Assert.That(move.Reason, Does.Contain("camera unreachable"));
        await Eventually.Get(() => Task.FromResult(Node.Cancelled.ToList()), c => c.Count == 1, TimeSpan.FromSeconds(10), "CancelPreparedRecording");
        await Eventually.Get(() => Task.FromResult(Node.PublishedOf<MoveFailed>()), f => f.Count == 1, TimeSpan.FromSeconds(10), "MoveFailed");
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
        Assert.That(await Node.Table.GetVersionAsync(default), Is.EqualTo(3));
        Assert.That(await Node.Moves.FindRunningAsync("cam-1", default), Is.Null);
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_the_deadline_passes(DatabaseProvider provider) : MoveSpecification(provider)
{
    [Test]
    public async Task Should_roll_back()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);

        Node.Clock.Advance(TimeSpan.FromSeconds(31));

        var move = await Node.MoveIn(id, MoveStates.Failed);
        Assert.That(move.Failure, Is.EqualTo(MoveFailures.TimedOut));
        Assert.That(move.Reason, Does.Contain("within 30 s"));
        await Eventually.Get(() => Task.FromResult(Node.Cancelled.ToList()), c => c.Count >= 1, TimeSpan.FromSeconds(10), "CancelPreparedRecording");
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
        Assert.That(await Node.Table.GetVersionAsync(default), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_not_roll_back_before_it()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);

        Node.Clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(300); // several polls of the watcher

        Assert.That((await Node.Moves.LoadAsync(id, default))!.CurrentState, Is.EqualTo(MoveStates.Preparing));
    }

    [Test]
    public async Task Should_cancel_again_when_the_target_answers_late()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);
        Node.Clock.Advance(TimeSpan.FromSeconds(31));
        await Node.MoveIn(id, MoveStates.Failed);
        await Eventually.Get(() => Task.FromResult(Node.Cancelled.ToList()), c => c.Count == 1, TimeSpan.FromSeconds(10), "first cancel");

        await Node.Bus.Publish(new RecordingPrepared(id, "cam-1", "rec-b", true, null, 1));

        await Eventually.Get(() => Task.FromResult(Node.Cancelled.ToList()), c => c.Count == 2, TimeSpan.FromSeconds(10), "second cancel");
        Assert.That((await Node.Moves.LoadAsync(id, default))!.CurrentState, Is.EqualTo(MoveStates.Failed));
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
    }
}
