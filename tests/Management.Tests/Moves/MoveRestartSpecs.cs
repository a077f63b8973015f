using Microsoft.Extensions.DependencyInjection;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Management.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Moves;

/// <summary>The saga lives in the management database: a new node on the same database carries the move on.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class When_the_management_restarts_mid_move(DatabaseProvider provider) : MoveSpecification(provider)
{
    private Guid _move;

    [SetUp]
    public async Task StartAMoveAndRestart()
    {
        Node.Reply = PrepareReply.None;
        _move = await Node.SendMoveAsync("cam-1", "rec-b");
        await Node.MoveIn(_move, MoveStates.Preparing);
        var clock = Node.Clock;
        await Node.DisposeAsync();
        Node = await ManagementTestNode.StartAsync(Database, clock);
    }

    [Test]
    public async Task Should_resume_from_the_database()
    {
        await Node.Bus.Publish(new RecordingPrepared(_move, "cam-1", "rec-b", true, null, 1));

        var move = await Node.MoveIn(_move, MoveStates.Completed);
        Assert.That(move.FromRecordingServerId, Is.EqualTo("rec-a"));
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-b" }));
        await Eventually.Get(() => Task.FromResult(Node.PublishedOf<DeviceMoved>()), m => m.Count == 1, TimeSpan.FromSeconds(10), "DeviceMoved");
    }

    [Test]
    public async Task Should_roll_back_when_the_deadline_passes_after_the_restart()
    {
        Node.Clock.Advance(TimeSpan.FromSeconds(31));

        var move = await Node.MoveIn(_move, MoveStates.Failed);
        Assert.That(move.Failure, Is.EqualTo(MoveFailures.TimedOut));
        await Eventually.Get(() => Task.FromResult(Node.Cancelled.ToList()), c => c.Count >= 1, TimeSpan.FromSeconds(10), "CancelPreparedRecording");
        Assert.That(await Node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-a" }));
    }
}

/// <summary>
/// Over RabbitMQ with PostgreSQL (production): the target's answer published while the management
/// server is down waits in its durable queue and completes the move after the restart.
/// </summary>
public sealed class When_the_management_restarts_mid_move_over_RabbitMq
{
    [Test]
    public async Task Should_complete_with_the_answer_queued_while_it_was_down()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var node = await ManagementTestNode.StartAsync(database, rabbitMqUrl: vhost.Url);
        try
        {
            await node.GivenCam1OnRecA();
            node.Reply = PrepareReply.None;
            var id = await node.SendMoveAsync("cam-1", "rec-b");
            await node.MoveIn(id, MoveStates.Preparing);
            await Eventually.Get(() => Task.FromResult(node.Prepared.Count), n => n == 1, TimeSpan.FromSeconds(10), "PrepareRecording over RabbitMQ");
            var clock = node.Clock;
            await node.DisposeAsync();

            await PublishFromAnotherProcessAsync(vhost.Url, new RecordingPrepared(id, "cam-1", "rec-b", true, null, 1));
            node = await ManagementTestNode.StartAsync(database, clock, vhost.Url);

            await node.MoveIn(id, MoveStates.Completed);
            Assert.That(await node.CurrentServers("cam-1"), Is.EqualTo(new[] { "rec-b" }));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private static async Task PublishFromAnotherProcessAsync(string url, RecordingPrepared message)
    {
        MassTransit.LogContext.Current = null;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddVmsBus(new VmsServices.Hosting.Bus.BusSettings { Transport = VmsServices.Hosting.Bus.BusTransport.RabbitMq, RabbitMqUrl = url }, _ => []);
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<MassTransit.IBus>().Publish(message);
        await host.StopAsync();
    }
}
