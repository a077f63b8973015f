using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Health;
using VmsServices.Hosting.Http;
using VmsServices.Hosting.Security;
using VmsServices.Management.Api;
using VmsServices.Management.Assignment;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Management.Consumers;
using VmsServices.Management.Credentials;
using VmsServices.Management.Discovery;
using VmsServices.Management.Failover;
using VmsServices.Management.History;
using VmsServices.Management.Moves;
using VmsServices.Management.Users;
using VmsServices.Management.Users.Ldap;

namespace VmsServices.Management;

/// <summary>
/// Composes the management server: its services, its HTTP API and its bus endpoint. The same
/// composition runs as its own process (Program.cs) or beside recording servers in the demo.
/// </summary>
public static class ManagementNode
{
    public static IServiceCollection AddManagementNode(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ManagementSettings.Section).Get<ManagementSettings>() ?? new ManagementSettings();
        services.AddSingleton(settings);
        services.AddSingleton(settings.Moves);
        services.AddSingleton(settings.Failover);
        services.AddSingleton(settings.Assignment);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Database(SqlDialect.For(settings.Database)));
        services.AddSingleton<ConfigurationStore>();
        services.AddSingleton<ConfigurationPublisher>();
        services.AddTransient<GetConfigurationCopyConsumer>();
        services.AddTransient<RecorderStartedConsumer>();
        services.AddTransient<SegmentsDeletedConsumer>();
        services.AddTransient<AddArchiveHolderConsumer>();
        services.AddSingleton<MoveStore>();
        services.AddSingleton<MoveService>();
        services.AddSingleton<RequestedMoves>();
        services.AddSingleton<MoveSteps>();
        services.AddSingleton<MoveStateMachine>();
        services.AddSingleton(sp => MoveSagaRepository.Create(sp.GetRequiredService<MoveStore>()));
        services.TryAddSingleton<IMoveAuthorizer, AllowAllMoveAuthorizer>();
        services.AddSingleton<MoveTimeoutWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<MoveTimeoutWatcher>());
        services.AddHostedService<ManagementStartup>();
        services.AddSingleton<CameraHistoryStore>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddTransient<DeviceAvailabilityConsumers>();
        services.AddTransient<GetCameraHistoryConsumer>();
        services.AddSingleton<ServerLiveness>();
        services.AddTransient<RecorderHeartbeatConsumer>();
        services.AddSingleton<FleetReader>();
        services.AddSingleton<FailureDetector>();
        services.AddSingleton<FailoverCoordinator>();
        services.AddSingleton<Rebalancer>();
        services.AddHostedService<FleetSupervisor>();
        services.AddSingleton(settings.Discovery);
        services.AddSingleton<DiscoveredCameras>();
        services.AddCameraCredentials(configuration, settings.Database);
        services.AddUsersAndTokens(configuration, settings);
        services.AddLdapSignIn(configuration);
        services.AddSingleton<ManagementCredentials>();
        services.AddSingleton<CameraAttacher>();
        services.AddSingleton<CameraDiscovery>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraDiscovery>());
        services.AddVmsWebDefaults();
        services.AddSingleton<ManagementMetrics>();
        services.AddVmsHealthChecks().AddDatabaseCheck("database", sp => sp.GetRequiredService<Database>());
        services.AddErrorQueues(configuration);
        services.AddSingleton<Forwarding.RecordingForwarder>();
        services.AddHttpClient(Forwarding.RecordingForwarder.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), AutomaticDecompression = System.Net.DecompressionMethods.None })
            .AddPeerFailureHandler()
            .TrustVmsPeers(configuration);
        return services;
    }

    public static BusNode Endpoint(IServiceProvider services) => new(QueueNames.Management, services, static (e, sp) =>
    {
        e.Consumer(() => sp.GetRequiredService<GetConfigurationCopyConsumer>());
        e.Consumer(() => sp.GetRequiredService<RecorderStartedConsumer>());
        e.Consumer(() => sp.GetRequiredService<SegmentsDeletedConsumer>());
        e.Consumer(() => sp.GetRequiredService<AddArchiveHolderConsumer>());
        e.Consumer(() => sp.GetRequiredService<RecorderHeartbeatConsumer>());
        e.Consumer(() => sp.GetRequiredService<DeviceAvailabilityConsumers>());
        e.Consumer(() => sp.GetRequiredService<GetCameraHistoryConsumer>());
        e.Consumer(() => sp.GetRequiredService<GetCameraCredentialsConsumer>());
        e.Consumer(() => sp.GetRequiredService<Tokens.GetTokenKeysConsumer>());
        e.Consumer(() => sp.GetRequiredService<Tokens.IssueServiceTokenConsumer>());
        e.StateMachineSaga(sp.GetRequiredService<MoveStateMachine>(), sp.GetRequiredService<ISagaRepository<MoveState>>(), s =>
        {
            // Retry a message that lost an optimistic-concurrency race on the state that won, and
            // send nothing from a losing attempt: the outbox releases messages only after the
            // move's new state is committed. (The IRegistrationContext overload is not reachable
            // from a node's endpoint; this overload behaves the same.)
            s.UseMessageRetry(r => r.Intervals(10, 50, 100, 250, 500, 1000));
#pragma warning disable CS0618
            s.UseInMemoryOutbox();
#pragma warning restore CS0618
        });
    });

    public static WebApplication MapManagementNode(this WebApplication app)
    {
        app.UseVmsWebDefaults();
        // The console's files are static and hold no data: served before authorization.
        app.MapConsole();
        app.UseVmsAuthorization();
        app.UseMiddleware<Audit.AuditMiddleware>();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapRecordingServersApi();
        app.MapDevicesApi();
        app.MapConfigurationTableApi();
        app.MapMovesApi();
        app.MapFleetApi();
        app.MapAuditApi();
        app.MapDiscoveryApi();
        app.MapCredentialsApi();
        app.MapRecordingsApi();
        app.MapArchiveProgressApi();
        app.MapErrorQueuesApi();
        return app;
    }
}
