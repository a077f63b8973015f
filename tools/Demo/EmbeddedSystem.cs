using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Management;
using VmsServices.Recording;

namespace VmsServices.Demo;

/// <summary>
/// The embedded default: a management server and recording servers in one process, on one
/// in-memory bus (MassTransit's in-memory transport does not cross processes). Each node is its
/// own web application with its own storage, configuration copy and HTTP endpoint, built by the
/// same composition methods the stand-alone services use; only the bus is shared.
/// </summary>
public sealed class EmbeddedSystem : IAsyncDisposable
{
    private readonly IHost _busHost;
    private readonly List<WebApplication> _nodes;

    private EmbeddedSystem(IHost busHost, List<WebApplication> nodes, List<string> urls)
    {
        _busHost = busHost;
        _nodes = nodes;
        Urls = urls;
    }

    /// <summary>Management URL first, then one per recording server.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>Each node's services, in the order of <see cref="Urls"/> (the authorization matrix test reads their endpoints).</summary>
    public IReadOnlyList<IServiceProvider> NodeServices => _nodes.Select(n => n.Services).ToList();

    /// <param name="probeTarget">The simulated cameras' WS-Discovery responder, which the management server probes; null for none.</param>
    public static EmbeddedSystem Build(DemoSettings demo, string[] args, System.Net.IPEndPoint? probeTarget, string administratorPassword)
    {
        var busSettings = new BusSettings { Transport = BusTransport.InMemory };
        IHost? busHost = null;
        IBus SharedBus() => busHost!.Services.GetRequiredService<IBus>();

        var urls = new List<string> { Url(demo.BasePort) };
        var managementSettings = new Dictionary<string, string?>
        {
            ["Management:Database:Provider"] = "Sqlite",
            ["Management:Database:ConnectionString"] = Path.Combine(demo.DataDirectory, "management.db"),
            ["Management:Auth:BootstrapPassword"] = administratorPassword,
        };
        // A named entry rather than ":0", so that targets given on the command line are probed as well.
        if (probeTarget is not null) managementSettings["Management:Discovery:ProbeTargets:demo"] = probeTarget.ToString();
        var management = NodeBuilder(args, urls[0], SharedBus, managementSettings);
        management.Services.AddManagementNode(management.Configuration);
        var nodes = new List<WebApplication> { Finish(management, a => a.MapManagementNode()) };

        for (var i = 0; i < demo.RecordingServers.Length; i++)
        {
            var id = demo.RecordingServers[i];
            urls.Add(Url(demo.BasePort + 1 + i));
            var recorder = NodeBuilder(args, urls[^1], SharedBus, new()
            {
                ["Recording:ServerId"] = id,
                ["Recording:PublicAddress"] = urls[^1],
                ["Recording:DataDirectory"] = Path.Combine(demo.DataDirectory, id),
            });
            recorder.Services.AddRecordingNode(recorder.Configuration, busSettings);
            nodes.Add(Finish(recorder, a => a.MapRecordingNode()));
        }

        var bus = Host.CreateApplicationBuilder(args);
        AddQuietLogging(bus.Configuration);
        bus.Services.AddSingleton<IHostLifetime, NodeLifetime>();
        bus.Services.AddVmsBus(busSettings, _ =>
            [ManagementNode.Endpoint(nodes[0].Services), .. nodes.Skip(1).Select(n => RecordingNode.Endpoint(n.Services))]);
        busHost = bus.Build();
        return new EmbeddedSystem(busHost, nodes, urls);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await _busHost.StartAsync(ct);
        foreach (var node in _nodes) await node.StartAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            await _nodes[i].StopAsync();
            await _nodes[i].DisposeAsync();
        }
        await _busHost.StopAsync();
        _busHost.Dispose();
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    private static WebApplicationBuilder NodeBuilder(string[] args, string url, Func<IBus> bus, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddQuietLogging(builder.Configuration);
        settings["Urls"] = url;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(_ => bus());
        // The demo, not each node, owns Ctrl+C.
        builder.Services.AddSingleton<IHostLifetime, NodeLifetime>();
        return builder;
    }

    /// <summary>Log defaults for the demo's console, placed first so appsettings and the command line still win.</summary>
    private static void AddQuietLogging(IConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
                ["Logging:LogLevel:MassTransit"] = "Warning",
                // Every 401 (a console opened before sign-in) would print a line.
                ["Logging:LogLevel:VmsServices.Hosting.Security.TokenAuthenticationHandler"] = "Warning",
            },
        });

    private static WebApplication Finish(WebApplicationBuilder builder, Action<WebApplication> map)
    {
        var app = builder.Build();
        map(app);
        return app;
    }

    private sealed class NodeLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
