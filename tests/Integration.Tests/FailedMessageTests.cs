using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VmsServices.Integration.Tests.Infrastructure;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests;

/// <summary>
/// Failed messages in distributed mode: MassTransit's error queues on RabbitMQ are the dead-letter
/// store, and the management server's /api/errors (through vmsctl errors) lists, shows, retries and
/// purges them without losing or reordering any.
/// </summary>
[Category("Integration")]
public sealed class FailedMessageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private ServiceCluster _cluster = null!;
    private ErrorQueueClient _errors = null!;

    [SetUp]
    public async Task SetUp()
    {
        _cluster = await ServiceCluster.CreateAsync();
        _errors = new ErrorQueueClient(_cluster.Management);
    }

    [TearDown]
    public async Task TearDown() => await _cluster.DisposeAsync();

    [Test]
    public async Task A_message_that_always_fails_waits_in_the_error_queue_until_vmsctl_retries_it_after_the_fault_is_fixed()
    {
        // One heartbeat at start and no more: only RecorderStarted (or a retry of it) can register the server.
        _cluster.RecorderSettings.Add("--Recording:HeartbeatInterval=1.00:00:00");
        await _cluster.StartManagementAsync();
        var url = _cluster.Management;

        // The fault: the management server's database is gone. A recording server starting now announces
        // itself; RecorderStartedConsumer fails on every attempt (the endpoint retries 3 times) and
        // MassTransit moves the message to vms-management_error.
        FailedMessage started;
        IReadOnlyList<string> seen;
        await using (var outage = await DatabaseOutage.BeginAsync(_cluster.DatabaseConnectionString))
        {
            await _cluster.StartRecorderAsync("rec-late");
            var page = await Eventually.Get(() => _errors.PageAsync(), p => p.Messages.Any(IsRecorderStarted), Patience, "RecorderStarted in the error queue");
            started = page.Messages.Single(IsRecorderStarted);
            Assert.That(started.FaultExceptionType, Does.StartWith("Npgsql."), "the database's failure is the reason");
            Assert.That(started.DestinationAddress, Does.EndWith("/VmsServices.Messages:RecorderStarted"), "an event is published to its type's exchange");
            Assert.That(started.SourceQueue, Is.EqualTo("vms-management"));
            Assert.That(started.FaultedUtcMicros, Is.Not.Null);
            Assert.That(started.Retries, Is.Zero);

            // Looking loses and reorders nothing.
            seen = page.Ids;
            Assert.That((await _errors.PageAsync()).Ids.Take(seen.Count), Is.EqualTo(seen));

            var shown = (await VmsctlProcess.RunAsync(url, "--json", "errors", "show", "vms-management", started.Id)).Exits(0).Json;
            Assert.That(shown.GetProperty("body").GetProperty("message").GetProperty("recordingServerId").GetString(), Is.EqualTo("rec-late"));
            Assert.That(shown.GetProperty("headers").GetProperty("MT-Fault-ExceptionType").GetString(), Is.EqualTo(started.FaultExceptionType));
            var table = (await VmsctlProcess.RunAsync(url, "errors", "list")).Exits(0);
            Assert.That(table.Stdout, Does.Match(@"vms-management_error\s+vms-management\s+\d+\s+0"));

            await outage.EndAsync();
        }

        // The fault is fixed, but nothing sends RecorderStarted again: the registration waits in the error queue.
        var lookup = await Eventually.Get(async () => (await _cluster.Management.Http.GetAsync("/api/recording-servers/rec-late")).StatusCode,
            status => (int)status < 500, Patience, "the management server to read its database again");
        Assert.That(lookup, Is.EqualTo(HttpStatusCode.NotFound));

        var retried = (await VmsctlProcess.RunAsync(url, "errors", "retry", "vms-management_error", started.Id)).Exits(0);
        Assert.That(retried.Stdout.Trim(), Is.EqualTo("retried 1 message(s) from vms-management_error to vms-management"));
        var servers = await Eventually.Get(_cluster.Management.ServersAsync, s => s.Any(x => x.Id == "rec-late"), Patience, "rec-late registered by the retried message");
        Assert.That(servers.Single(s => s.Id == "rec-late").Address, Is.EqualTo(_cluster.RecorderUrl("rec-late")));

        // The others (the recorder's request for its copy...) go back too; none fails again, none is lost.
        var rest = (await VmsctlProcess.RunAsync(url, "--json", "errors", "retry", "vms-management", "--all")).Exits(0).Json;
        var restIds = rest.GetProperty("messageIds").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.That(restIds.Prepend(started.Id), Is.SupersetOf(seen), "every message seen failing was retried");
        await Eventually.Get(async () => (await VmsctlProcess.RunAsync(url, "--json", "errors", "list")).Exits(0).Json,
            list => list.EnumerateArray().All(q => q.GetProperty("messages").GetInt64() == 0), Patience, "every error queue to be empty");
    }

    [Test]
    public async Task Peek_show_retry_delete_and_purge_leave_every_other_message_where_it_was()
    {
        await _cluster.StartManagementAsync();
        await _cluster.Management.AddServerAsync("rec-idle", "http://127.0.0.1:9");

        // Messages MassTransit cannot read go to the error queue at once; one header looks like a stale fault header.
        var sent = await RawQueue.SendUnreadableAsync(_cluster.RabbitMqUrl, "vms-management", 5,
            new Dictionary<string, string> { ["x-test-marker"] = "kept", ["MT-Fault-Stale"] = "from an earlier failure" });
        var page = await Eventually.Get(() => _errors.PageAsync(), p => p.Total == 5, Patience, "5 unreadable messages in the error queue");
        var order = page.Ids;
        Assert.That(order, Is.EquivalentTo(sent));
        Assert.That((await _errors.PageAsync()).Ids, Is.EqualTo(order), "a second peek sees the same messages in the same order");
        Assert.That((await _errors.PageAsync(query: "?offset=1&limit=2")).Ids, Is.EqualTo(order.Skip(1).Take(2)));

        var queues = await _errors.ListAsync();
        Assert.That(queues, Has.Some.EqualTo(new ErrorQueue("vms-management_error", "vms-management", 5, 0)));
        Assert.That(queues, Has.Some.EqualTo(new ErrorQueue("vms-recording-rec-idle_error", "vms-recording-rec-idle", 0, 0)));

        var detail = await _errors.DetailAsync(order[0]);
        var index = sent.ToList().IndexOf(order[0]);
        Assert.That(detail.GetProperty("bodyBase64").GetString(), Is.EqualTo(Convert.ToBase64String(RawQueue.Body(index))));
        Assert.That(detail.GetProperty("headers").GetProperty("MT-Reason").GetString(), Is.EqualTo("fault"));
        Assert.That(detail.GetProperty("message").GetProperty("faultExceptionType").GetString(), Does.Contain("Json"));

        // Delete one: the others stay, in order.
        var deleted = await (await _errors.SendAsync(HttpMethod.Delete, $"/api/errors/vms-management_error/{order[2]}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(deleted.GetProperty("removed").GetInt64(), Is.EqualTo(1));
        Assert.That((await _errors.PageAsync()).Ids, Is.EqualTo(new[] { order[0], order[1], order[3], order[4] }));

        // Retry one: still unreadable, it fails again and comes back behind the others, counted, with its
        // body, id and own headers, and without the fault headers of the earlier failure.
        var retry = await _errors.SendAsync(HttpMethod.Post, $"/api/errors/vms-management_error/{order[0]}/retry");
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK), await retry.Content.ReadAsStringAsync());
        var after = await Eventually.Get(() => _errors.PageAsync(), p => p.Total == 4 && p.Ids[^1] == order[0], Patience, "the retried message to fail again");
        Assert.That(after.Ids, Is.EqualTo(new[] { order[1], order[3], order[4], order[0] }));
        Assert.That(after.Messages[^1].Retries, Is.EqualTo(1));
        var again = await _errors.DetailAsync(order[0]);
        Assert.That(again.GetProperty("bodyBase64").GetString(), Is.EqualTo(detail.GetProperty("bodyBase64").GetString()));
        Assert.That(again.GetProperty("properties").GetProperty("message-id").GetString(), Is.EqualTo(order[0]));
        Assert.That(again.GetProperty("headers").GetProperty("x-test-marker").GetString(), Is.EqualTo("kept"));
        Assert.That(again.GetProperty("headers").TryGetProperty("MT-Fault-Stale", out _), Is.False, "fault headers are not sent back");

        // vmsctl shows the page as a table, and purges only with --yes.
        var shown = (await VmsctlProcess.RunAsync(_cluster.Management, "errors", "show", "vms-management")).Exits(0);
        Assert.That(shown.Stdout, Does.StartWith("vms-management_error: 4 failed message(s), 1-4 shown"));
        Assert.That(shown.Stdout, Does.Contain(order[4]));
        (await VmsctlProcess.RunAsync(_cluster.Management, "errors", "purge", "vms-management", "--all")).Exits(2);
        var purged = (await VmsctlProcess.RunAsync(_cluster.Management, "errors", "purge", "vms-management", "--all", "--yes")).Exits(0);
        Assert.That(purged.Stdout.Trim(), Is.EqualTo("deleted 4 message(s) from vms-management_error"));
        Assert.That((await _errors.PageAsync()).Total, Is.Zero);
    }

    private static bool IsRecorderStarted(FailedMessage m) => m.MessageType == "VmsServices.Messages:RecorderStarted";
}
