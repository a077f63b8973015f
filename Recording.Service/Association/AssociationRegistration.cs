using VmsServices.Hosting.Http;
using VmsServices.Recording.Serving;

namespace VmsServices.Recording.Association;

public static class AssociationRegistration
{
    /// <summary>
    /// The association table, its synchronization with the peers (start-up, events, on request,
    /// background) and serving through it (FIG. 4/5). The consumers still have to be bound to the
    /// node's bus endpoint: <see cref="SegmentsStoredConsumer"/>, <see cref="SegmentsDeletedConsumer"/>.
    /// </summary>
    public static IServiceCollection AddAssociation(this IServiceCollection services, IConfiguration configuration, RecordingSettings recording)
    {
        var settings = configuration.GetSection(RecordingSettings.Section).Get<AssociationSettings>() ?? new AssociationSettings();
        services.AddSingleton(settings);
        services.AddSingleton(new AssociationTable(recording.ServerId));
        services.AddSingleton<PeerSegmentsClient>();
        services.AddSingleton<AssociationSynchronizer>();
        services.AddHostedService(sp => sp.GetRequiredService<AssociationSynchronizer>());
        services.AddTransient<SegmentsStoredConsumer>();
        services.AddTransient<SegmentsDeletedConsumer>();
        services.AddTransient<PeerStartedConsumer>();
        services.AddSingleton<SegmentLocator>();
        services.AddSingleton<SegmentProxy>();
        services.AddHttpClient(PeerSegmentsClient.HttpClientName, c => c.Timeout = settings.PeerTransferTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = settings.PeerConnectTimeout,
                AutomaticDecompression = System.Net.DecompressionMethods.None, // bytes and Content-Length pass through unchanged
                PooledConnectionLifetime = TimeSpan.FromMinutes(5), // peers' addresses may change (DNS)
                AllowAutoRedirect = false,
            })
            .AddHttpMessageHandler<Tokens.ServiceTokenHandler>()
            .AddPeerFailureHandler()
            .TrustVmsPeers(configuration);
        return services;
    }
}
