using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Metrics;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Operations.Tests.Observability;

/// <summary>
/// The bus composition every node uses (AddVmsBus, in-memory transport): a consumed message is
/// handled inside a log scope naming it and its move, move messages carry the move id as
/// CorrelationId, and the node counts consumed and faulted messages (a fault once, after retries).
/// </summary>
[NonParallelizable]
public class ConsumeObservabilityTests
{
    private const string Queue = "observability-node";
    private readonly ScopeCapturingLoggerProvider _logs = new();
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    [SetUp]
    public async Task StartBus()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        services.AddVmsMetrics();
        services.AddVmsBus(new BusSettings { Transport = BusTransport.InMemory }, sp =>
        [
            new BusNode(Queue, sp, static (e, node) =>
            {
                e.Consumer(() => new CancelConsumer(node.GetRequiredService<ILogger<CancelConsumer>>()));
                e.Consumer(() => new FailingConsumer());
            }),
        ]);
        _services = services.BuildServiceProvider();
        _bus = _services.GetRequiredService<IBusControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StartAsync(timeout.Token);
    }

    [TearDown]
    public async Task StopBus()
    {
        await _bus.StopAsync();
        await _services.DisposeAsync();
        LogContext.Current = null; // MassTransit keeps the disposed logger factory otherwise
    }

    [Test]
    public async Task A_move_message_is_handled_in_a_scope_with_its_conversation_correlation_move_and_device()
    {
        var moveId = Guid.NewGuid();
        var endpoint = await _bus.GetSendEndpoint(QueueNames.Address(Queue));
        await endpoint.Send(new CancelPreparedRecording(moveId, "cam-7", "rec-b"), s => s.ConversationId = moveId);

        var line = await Eventually.Get(() => Task.FromResult(_logs.Lines.FirstOrDefault(l => l.Message.StartsWith("cancelling", StringComparison.Ordinal))),
            l => l is not null, TimeSpan.FromSeconds(20), "the consumer's log line");

        Assert.That(line!.Scope, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["MessageType"] = nameof(CancelPreparedRecording),
            ["ConversationId"] = moveId.ToString(),
            ["CorrelationId"] = moveId.ToString(), // MoveCorrelation: the send topology takes it from MoveId
            ["MoveId"] = moveId.ToString(),
            ["DeviceId"] = "cam-7",
        }));
        var consumed = await Eventually.Get(() => Task.FromResult(Counted("vms.bus.messages_consumed", nameof(CancelPreparedRecording))),
            n => n == 1, TimeSpan.FromSeconds(10), "the consumed count");
        Assert.That(consumed, Is.EqualTo(1));
        Assert.That(_logs.Lines.Any(l => l.Level == LogLevel.Debug && l.Category == ConsumeObservability.LogCategory && l.Scope.ContainsKey("MoveId")), Is.True,
            "the Debug line of the handled message, in its scope");
    }

    [Test]
    public async Task A_message_that_fails_every_retry_counts_as_faulted_once_and_is_logged_in_its_scope()
    {
        FailingConsumer.Attempts = 0;
        var moveId = Guid.NewGuid();
        await _bus.Publish(new DeviceMoved(moveId, "cam-8", "rec-a", "rec-b", 3, 0));

        // The endpoint retries three times (100, 500, 2000 ms) before giving up.
        var faulted = await Eventually.Get(() => Task.FromResult(Counted("vms.bus.messages_faulted", nameof(DeviceMoved))),
            n => n > 0, TimeSpan.FromSeconds(30), "the faulted count");
        Assert.That(faulted, Is.EqualTo(1));
        Assert.That(Counted("vms.bus.messages_consumed", nameof(DeviceMoved)), Is.EqualTo(0));
        var warning = _logs.Lines.Single(l => l.Level == LogLevel.Warning && l.Category == ConsumeObservability.LogCategory);
        Assert.That(warning.Scope["MoveId"], Is.EqualTo(moveId.ToString()));
        Assert.That(FailingConsumer.Attempts, Is.EqualTo(4), "the filter is outside the retries");
    }

    private double Counted(string instrument, string messageType) =>
        _services.GetRequiredService<MetricsCollector>().Collect().Single(f => f.Name == instrument).Samples
            .Where(s => s.Labels.Contains(new KeyValuePair<string, string>("message_type", messageType))).Sum(s => s.Value);

    private sealed class CancelConsumer(ILogger<CancelConsumer> log) : IConsumer<CancelPreparedRecording>
    {
        public Task Consume(ConsumeContext<CancelPreparedRecording> context)
        {
            log.LogInformation("cancelling {Device}", context.Message.DeviceId);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingConsumer : IConsumer<DeviceMoved>
    {
        public static int Attempts;

        public Task Consume(ConsumeContext<DeviceMoved> context)
        {
            Interlocked.Increment(ref Attempts);
            throw new InvalidOperationException("always fails");
        }
    }
}
