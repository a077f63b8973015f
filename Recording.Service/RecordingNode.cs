using MassTransit;
using VmsServices.Hosting.Bus;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Health;
using VmsServices.Hosting.Http;
using VmsServices.Hosting.Security;
using VmsServices.Recording.Api;
using VmsServices.Recording.ArchiveServer;
using VmsServices.Recording.Association;
using VmsServices.Recording.Configuration;
using VmsServices.Recording.Consumers;
using VmsServices.Recording.Events;
using VmsServices.Recording.Heartbeat;
using VmsServices.Recording.Recorder;
using VmsServices.Recording.Storage;
using VmsServices.Recording.Tokens;

namespace VmsServices.Recording;

/// <summary>
/// Composes a recording server: its services, HTTP API and bus endpoint. The same composition
/// runs as its own process (Program.cs) or, several times, in the all-in-one demo.
/// </summary>
public static class RecordingNode
{
    public static IServiceCollection AddRecordingNode(this IServiceCollection services, IConfiguration configuration, BusSettings busSettings)
    {
        var settings = configuration.GetSection(RecordingSettings.Section).Get<RecordingSettings>() ?? new RecordingSettings();
        settings.PublicAddress ??= DefaultAddress(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(busSettings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Database(SqlDialect.For(new DatabaseSettings
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = Path.Combine(settings.DataDirectory, "recorder.db"),
        })));
        services.AddSingleton<ConfigurationCopyStore>();
        services.AddSingleton<ConfigurationSynchronizer>();
        services.AddTransient<ConfigurationChangedConsumer>();
        services.AddTransient<ManagementStartedConsumer>();
        services.AddTransient<PrepareRecordingConsumer>();
        services.AddTransient<CancelPreparedRecordingConsumer>();
        services.AddHostedService<RecordingStartup>();
        services.AddHostedService<ConfigurationRefresher>();
        services.AddSegmentStore(configuration, settings);
        services.AddSingleton<ISegmentsDeletedSink, SegmentsDeletedPublisher>();
        services.AddHostedService<SegmentsStoredPublisher>();
        services.AddRecorder(configuration);
        services.AddHostedService<HeartbeatPublisher>();
        services.AddHostedService<DeviceAvailabilityReporter>();
        services.AddAssociation(configuration, settings);
        services.AddArchiveServer(configuration, settings);
        services.AddPlayback();
        services.AddSingleton<Query.CameraQuery>();
        services.AddSingleton<Ptz.PtzRelay>();
        services.AddVmsWebDefaults();
        services.AddRecordingServerTokens();
        services.AddSingleton<RecordingMetrics>();
        // Ready needs the catalog and a disk that takes writes; the recorders' check (Degraded only) joins them.
        services.AddVmsHealthChecks()
            .AddDatabaseCheck("catalog", sp => sp.GetRequiredService<SegmentStore>().Catalog.Database)
            .AddWritableDirectoryCheck("data-directory", settings.DataDirectory);
        return services;
    }

    public static BusNode Endpoint(IServiceProvider services)
    {
        var settings = services.GetRequiredService<RecordingSettings>();
        return new BusNode(QueueNames.Recording(settings.ServerId), services, static (e, sp) =>
        {
            e.Consumer(() => sp.GetRequiredService<ConfigurationChangedConsumer>());
            e.Consumer(() => sp.GetRequiredService<ManagementStartedConsumer>());
            e.Consumer(() => sp.GetRequiredService<SegmentsStoredConsumer>());
            e.Consumer(() => sp.GetRequiredService<SegmentsDeletedConsumer>());
            e.Consumer(() => sp.GetRequiredService<ConfirmArchivedConsumer>());
            e.Consumer(() => sp.GetRequiredService<PeerStartedConsumer>());
            e.Consumer(() => sp.GetRequiredService<TokensRevokedConsumer>());
            e.Consumer(() => sp.GetRequiredService<PrepareRecordingConsumer>());
            e.Consumer(() => sp.GetRequiredService<CancelPreparedRecordingConsumer>());
        });
    }

    public static WebApplication MapRecordingNode(this WebApplication app)
    {
        app.UseVmsWebDefaults();
        app.UseVmsAuthorization();
        app.MapConfigurationCopyApi();
        app.MapSegmentsApi();
        app.MapPlaybackApi();
        app.MapAssociationApi();
        app.MapArchiveApi();
        app.MapRecordersApi();
        app.MapCameraQueryApi();
        app.MapPtzApi();
        app.MapLiveApi();
        app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    // Kestrel listens on the endpoints of its "Kestrel:Endpoints" section instead of "Urls" when
    // there are any (an HTTPS endpoint with its certificate), so the first of those is the default.
    private static string DefaultAddress(IConfiguration configuration) =>
        (configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).FirstOrDefault(u => !string.IsNullOrEmpty(u))
         ?? configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5081").Split(';')[0].TrimEnd('/');
}
