namespace VmsServices.Recording.ArchiveServer;

public static class ArchiveServerRegistration
{
    /// <summary>
    /// Every recording server: the progress report, the holdings an archiving server asks for, and
    /// <see cref="ConfirmArchivedConsumer"/> (bind it to the node's endpoint). An archiving server
    /// (<c>Recording:Role=Archive</c>) also runs the <see cref="ArchivePuller"/> and what it uses.
    /// Needs the segment store, the configuration copy, the association table and the peers' HttpClient.
    /// </summary>
    public static IServiceCollection AddArchiveServer(this IServiceCollection services, IConfiguration configuration, RecordingSettings recording)
    {
        services.AddSingleton((configuration.GetSection(ArchiveServerSettings.Section).Get<ArchiveServerSettings>() ?? new ArchiveServerSettings()).Validate());
        services.AddSingleton<ArchiveSourceState>();
        services.AddSingleton<ArchiveProgress>();
        services.AddSingleton<ArchiveReporter>();
        services.AddTransient<ConfirmArchivedConsumer>();
        if (!recording.IsArchive) return services;
        services.AddSingleton<ArchiveSourceClient>();
        services.AddSingleton<IArchiveMessages, BusArchiveMessages>();
        services.AddSingleton<ArchiveWriters>();
        services.AddSingleton<SegmentTransfer>();
        services.AddSingleton<ArchivePuller>();
        services.AddHostedService(sp => sp.GetRequiredService<ArchivePuller>());
        return services;
    }
}
