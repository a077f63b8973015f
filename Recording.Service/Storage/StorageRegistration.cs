namespace VmsServices.Recording.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The segment store on the server's data directory, its start-up reconciliation (before any
    /// recorder starts) and retention. Deletions are reported to every registered <see cref="ISegmentsDeletedSink"/>.
    /// </summary>
    public static IServiceCollection AddSegmentStore(this IServiceCollection services, IConfiguration configuration, RecordingSettings settings)
    {
        services.AddSingleton(configuration.GetSection(RetentionSettings.Section).Get<RetentionSettings>() ?? new RetentionSettings());
        services.AddSingleton<IFreeSpaceProbe, DriveFreeSpaceProbe>();
        services.AddSingleton(sp => new SegmentStore(settings.DataDirectory, sp.GetRequiredService<ILogger<SegmentStore>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISegmentStore>(sp => sp.GetRequiredService<SegmentStore>());
        services.AddHostedService<SegmentStoreStartup>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        return services;
    }
}
