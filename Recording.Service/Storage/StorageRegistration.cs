namespace VmsServices.Recording.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The segment store on the server's data directory (and the archive volume, if
    /// <c>Recording:Archive:Path</c> is set), its start-up reconciliation (before any recorder
    /// starts), retention per tier and the archive mover. Deletions are reported to every
    /// registered <see cref="ISegmentsDeletedSink"/>.
    /// </summary>
    public static IServiceCollection AddSegmentStore(this IServiceCollection services, IConfiguration configuration, RecordingSettings settings)
    {
        var archive = (configuration.GetSection(ArchiveSettings.Section).Get<ArchiveSettings>() ?? new ArchiveSettings()).Validate();
        services.AddSingleton(configuration.GetSection(RetentionSettings.Section).Get<RetentionSettings>() ?? new RetentionSettings());
        services.AddSingleton(archive);
        services.AddSingleton<IFreeSpaceProbe, DriveFreeSpaceProbe>();
        services.AddSingleton(sp => new SegmentStore(settings.DataDirectory, sp.GetRequiredService<ILogger<SegmentStore>>(), sp.GetRequiredService<TimeProvider>(),
            archive.Enabled ? archive.Path : null) { DropWrittenPages = settings.DropWrittenPages });
        services.AddSingleton<ISegmentStore>(sp => sp.GetRequiredService<SegmentStore>());
        services.AddHostedService<SegmentStoreStartup>();
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddSingleton<ArchiveService>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchiveService>());
        return services;
    }
}
