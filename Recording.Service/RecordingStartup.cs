using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Configuration;

namespace VmsServices.Recording;

/// <summary>
/// Start-up of a recording server (seed 000 FIG. 3, 301-304): the stored configuration copy is
/// loaded before anything serves, then, once the bus runs, the server announces itself and asks
/// for a fresh copy. A management server that is down delays nothing: the stored copy is used.
/// </summary>
public sealed class RecordingStartup(
    RecordingSettings settings,
    ConfigurationSynchronizer synchronizer,
    IBus bus,
    TimeProvider clock,
    ILogger<RecordingStartup> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => synchronizer.InitializeAsync(ct);

    public async Task StartedAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await bus.Publish(new RecorderStarted(settings.ServerId, settings.Name ?? settings.ServerId, settings.PublicAddress!, clock.Now()), timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Could not announce RecorderStarted");
        }
        await synchronizer.RefreshAsync(ct);
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
