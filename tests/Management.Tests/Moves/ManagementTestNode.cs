using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VmsServices.Hosting.Bus;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Moves;
using VmsServices.Messages;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests.Moves;

/// <summary>How the fake recording server answers PrepareRecording.</summary>
public enum PrepareReply { None, PublishSucceeded, RespondSucceeded, PublishError }

/// <summary>
/// The real management node composition (HTTP API, bus endpoint with the move saga, durable
/// repository, deadline watcher) on a free loopback port, with a manual clock, fake recording
/// servers rec-a/rec-b that record what they are sent, and a probe queue for published events.
/// Built again on the same database it is a restarted management server. The test administrator is
/// created at start (Management:Auth:BootstrapPassword) and <see cref="Http"/> is signed in as it;
/// <see cref="Anonymous"/> sends no token.
/// </summary>
public sealed class ManagementTestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManagementTestNode(WebApplication app, ManualClock clock, Uri baseAddress)
    {
        _app = app;
        Clock = clock;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ManualClock Clock { get; }

    /// <summary>Signed in as <see cref="TestAuth.AdministratorName"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>No token: for sign-in and for what an anonymous caller gets.</summary>
    public HttpClient Anonymous { get; }
    public PrepareReply Reply { get; set; } = PrepareReply.PublishSucceeded;
    public ConcurrentQueue<PrepareRecording> Prepared { get; } = new();
    public ConcurrentQueue<CancelPreparedRecording> Cancelled { get; } = new();
    public ConcurrentQueue<object> Published { get; } = new();

    public IServiceProvider Services => _app.Services;
    public IBus Bus => Services.GetRequiredService<IBus>();
    public ConfigurationStore Table => Services.GetRequiredService<ConfigurationStore>();
    public MoveStore Moves => Services.GetRequiredService<MoveStore>();

    public static async Task<ManagementTestNode> StartAsync(TestDatabase database, ManualClock? clock = null, string? rabbitMqUrl = null,
        Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        LogContext.Current = null; // a second host in the same async flow (STACK: MassTransit pitfalls)
        clock ??= new ManualClock();
        var port = Ports.Free();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Management:Database:Provider"] = database.Provider.ToString(),
            ["Management:Database:ConnectionString"] = database.ConnectionString,
            ["Management:Moves:DeadlinePollInterval"] = "00:00:00.050",
            ["Management:Auth:BootstrapPassword"] = TestAuth.AdministratorPassword,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddManagementNode(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(clock);
        services?.Invoke(builder.Services);
        ManagementTestNode? node = null;
        var bus = rabbitMqUrl is null
            ? new BusSettings { Transport = BusTransport.InMemory }
            : new BusSettings { Transport = BusTransport.RabbitMq, RabbitMqUrl = rabbitMqUrl };
        builder.Services.AddVmsBus(bus, sp =>
        [
            ManagementNode.Endpoint(sp),
            FakeRecorder("rec-a", sp, () => node!),
            FakeRecorder("rec-b", sp, () => node!),
            new BusNode("management-tests-probe", sp, (e, _) =>
            {
                e.Handler<DeviceMoved>(c => Record(node!, c.Message));
                e.Handler<MoveFailed>(c => Record(node!, c.Message));
                e.Handler<ConfigurationChanged>(c => Record(node!, c.Message));
                e.Handler<RecordingServerFailed>(c => Record(node!, c.Message));
                e.Handler<RecordingServerReturned>(c => Record(node!, c.Message));
            }),
        ]);
        var app = builder.Build();
        app.MapManagementNode();
        node = new ManagementTestNode(app, clock, new Uri($"http://127.0.0.1:{port}"));
        await app.StartAsync();
        try
        {
            node.Http.Authorize(await TestAuth.SignInAsync(node.Anonymous));
        }
        catch
        {
            await node.DisposeAsync(); // the caller never gets the node to stop
            throw;
        }
        return node;
    }

    private static Task Record(ManagementTestNode node, object message)
    {
        node.Published.Enqueue(message);
        return Task.CompletedTask;
    }

    private static BusNode FakeRecorder(string id, IServiceProvider sp, Func<ManagementTestNode> node) =>
        new(QueueNames.Recording(id), sp, (e, _) =>
        {
            e.Handler<PrepareRecording>(async c =>
            {
                var n = node();
                n.Prepared.Enqueue(c.Message);
                var ok = new RecordingPrepared(c.Message.MoveId, c.Message.Device.Device.Id, id, true, null, n.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
                switch (n.Reply)
                {
                    case PrepareReply.PublishSucceeded: await c.Publish(ok); break;
                    case PrepareReply.RespondSucceeded: await c.RespondAsync(ok); break;
                    case PrepareReply.PublishError: await c.Publish(ok with { Succeeded = false, Error = "camera unreachable", FirstSegmentStartUtcMicros = null }); break;
                }
            });
            e.Handler<CancelPreparedRecording>(c =>
            {
                node().Cancelled.Enqueue(c.Message);
                return Task.CompletedTask;
            });
        });

    /// <summary>rec-a and rec-b registered, cam-1 (video and audio) recording on rec-a.</summary>
    public async Task GivenCam1OnRecA()
    {
        foreach (var id in new[] { "rec-a", "rec-b" })
            await Table.AddServerAsync(new RecordingServerRecord(id, id, "http://127.0.0.1:6001"), default);
        await Table.AddDeviceAsync(new DeviceRecord("cam-1", "Lobby", "rtsp://127.0.0.1:8554/cam1", null, null), [DataTypes.Video, DataTypes.Audio], "rec-a", default);
    }

    public async Task<Guid> SendMoveAsync(string deviceId, string to, Guid? moveId = null)
    {
        var id = moveId ?? NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(QueueNames.Address(QueueNames.Management));
        await endpoint.Send(new MoveDevice(id, deviceId, to, "tester"));
        return id;
    }

    public async Task<MoveState> MoveIn(Guid id, string state) =>
        (await Eventually.Get(() => Moves.LoadAsync(id, default), m => m?.CurrentState == state, TimeSpan.FromSeconds(20), $"move {id} in state {state}"))!;

    public async Task<IReadOnlyList<string>> CurrentServers(string deviceId) =>
        (await Table.GetDeviceAsync(deviceId, default)).Entries.Where(e => e.IsCurrent).Select(e => e.RecordingServerId).Distinct().ToList();

    public IReadOnlyList<T> PublishedOf<T>() => Published.OfType<T>().ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
