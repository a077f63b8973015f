using System.Net;
using System.Net.Http.Json;
using VmsServices.Hosting.Data;
using VmsServices.Management.Api;
using VmsServices.Management.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Moves;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_a_second_move_arrives_mid_move(DatabaseProvider provider) : MoveSpecification(provider)
{
    protected override Dictionary<string, string?> Settings => new() { ["Management:Moves:AcknowledgeTimeout"] = "00:00:00.300" };

    [Test]
    public async Task Should_be_refused_naming_the_running_move()
    {
        Node.Reply = PrepareReply.None;
        var first = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(first, MoveStates.Preparing);

        var second = await Node.SendMoveAsync("cam-1", "rec-a");

        var refused = await Node.MoveIn(second, MoveStates.Failed);
        Assert.That(refused.Failure, Is.EqualTo(MoveFailures.Conflict));
        Assert.That(refused.Reason, Does.Contain(first.ToString()));
        Assert.That((await Node.Moves.LoadAsync(first, default))!.CurrentState, Is.EqualTo(MoveStates.Preparing));
        Assert.That(Node.Prepared.Select(p => p.MoveId), Is.EqualTo(new[] { first }));
    }

    [Test]
    public async Task Should_be_refused_over_http_with_409()
    {
        Node.Reply = PrepareReply.None;
        var first = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(first, MoveStates.Preparing);

        var response = await Node.Http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-a" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(first.ToString()));
    }
}

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_the_same_move_is_repeated(DatabaseProvider provider) : MoveSpecification(provider)
{
    protected override Dictionary<string, string?> Settings => new() { ["Management:Moves:AcknowledgeTimeout"] = "00:00:00.300" };

    [Test]
    public async Task Should_return_the_running_move()
    {
        Node.Reply = PrepareReply.None;

        var first = await Node.Http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-b" });
        var second = await Node.Http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-b" });

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var a = await first.Content.ReadFromJsonAsync<MoveResponse>();
        var b = await second.Content.ReadFromJsonAsync<MoveResponse>();
        Assert.That(b!.Id, Is.EqualTo(a!.Id));
        Assert.That(second.Headers.Location?.ToString(), Is.EqualTo($"/api/moves/{a.Id}"));
        Assert.That(Node.Prepared.Select(p => p.MoveId).Distinct(), Is.EqualTo(new[] { a.Id }));
    }

    [Test]
    public async Task Should_ignore_a_redelivered_MoveDevice()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);

        await Node.SendMoveAsync("cam-1", "rec-b", id);
        await Task.Delay(300);

        Assert.That(Node.Prepared.Count, Is.EqualTo(1));
        var move = (await Node.Moves.LoadAsync(id, default))!;
        Assert.That(move.CurrentState, Is.EqualTo(MoveStates.Preparing));
        Assert.That(move.DeadlineUtcMicros, Is.EqualTo(move.CreatedUtcMicros + 30_000_000));
    }

    [Test]
    public async Task Should_complete_at_once_when_the_target_already_is_current()
    {
        var response = await Node.Http.PostAsJsonAsync("/api/devices/cam-1/move", new { toRecordingServerId = "rec-a" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var move = await response.Content.ReadFromJsonAsync<MoveResponse>();
        Assert.That(move!.State, Is.EqualTo(MoveStates.Completed));
        Assert.That(move.ConfigurationVersion, Is.Null);
        Assert.That(Node.Prepared, Is.Empty);
        Assert.That(await Node.Table.GetVersionAsync(default), Is.EqualTo(3));
    }
}

/// <summary>Optimistic concurrency of the durable saga repository.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_two_writers_update_one_move(DatabaseProvider provider) : MoveSpecification(provider)
{
    [Test]
    public async Task Should_refuse_the_stale_one_and_lose_no_update()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);
        var a = (await Node.Moves.LoadAsync(id, default))!;
        var b = (await Node.Moves.LoadAsync(id, default))!;

        a.Reason = "first";
        await Node.Moves.UpdateAsync(a, default);
        b.Reason = "second";

        Assert.ThrowsAsync<MoveConcurrencyException>(() => Node.Moves.UpdateAsync(b, default));
        var stored = (await Node.Moves.LoadAsync(id, default))!;
        Assert.That(stored.Reason, Is.EqualTo("first"));
        Assert.That(stored.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Should_end_consistently_when_the_answer_and_the_deadline_race()
    {
        Node.Reply = PrepareReply.None;
        var id = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(id, MoveStates.Preparing);
        var management = await Node.Bus.GetSendEndpoint(VmsServices.Hosting.Bus.QueueNames.Address(VmsServices.Hosting.Bus.QueueNames.Management));
        Node.Clock.Advance(TimeSpan.FromSeconds(31)); // the watcher joins the race too

        await Task.WhenAll(
            Node.Bus.Publish(new RecordingPrepared(id, "cam-1", "rec-b", true, null, 1)),
            management.Send(new MoveDeadlinePassed(id, 0)),
            management.Send(new MoveDeadlinePassed(id, 0)));

        var move = await Eventually.Get(() => Node.Moves.LoadAsync(id, default), m => m is not null && !MoveStates.IsRunning(m.CurrentState),
            TimeSpan.FromSeconds(20), "the move to end");
        await Task.Delay(500); // let any (wrong) late message arrive
        var current = await Node.CurrentServers("cam-1");
        if (move!.CurrentState == MoveStates.Completed)
        {
            Assert.That(current, Is.EqualTo(new[] { "rec-b" }));
            Assert.That(Node.PublishedOf<MoveFailed>(), Is.Empty);
            Assert.That(Node.Cancelled, Is.Empty);
        }
        else
        {
            Assert.That(current, Is.EqualTo(new[] { "rec-a" }));
            Assert.That(Node.PublishedOf<DeviceMoved>(), Is.Empty);
            Assert.That(await Node.Table.GetVersionAsync(default), Is.EqualTo(3));
        }
    }
}
