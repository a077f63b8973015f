using VmsServices.Hosting;

namespace VmsServices.Recording.Configuration;

/// <summary>
/// Background refresh of the configuration copy (seed 000 [0078]): whatever events were lost
/// (broker down, management restarted), the copy converges within one interval.
/// </summary>
public sealed class ConfigurationRefresher(ConfigurationSynchronizer synchronizer, RecordingSettings settings, ILogger<ConfigurationRefresher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.ConfigurationRefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await BackgroundPass.RunAsync(log, "Configuration copy refresh", () => synchronizer.RefreshAsync(stoppingToken), stoppingToken);
    }
}
