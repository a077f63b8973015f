using MassTransit;
using VmsServices.Hosting;
using VmsServices.Management.ConfigurationTable;
using VmsServices.Messages;

namespace VmsServices.Management;

/// <summary>
/// Migrates the schema (and creates the first administrator) before anything serves requests, and once everything runs tells the
/// recording servers the management server is back, so they refresh their copies.
/// </summary>
public sealed class ManagementStartup(ConfigurationStore store, Users.BootstrapAdministrator bootstrap, Tokens.TokenRevoker revoker, IBus bus, TimeProvider clock, ILogger<ManagementStartup> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        log.LogInformation("Configuration database ready at version {Version}", await store.GetVersionAsync(ct));
        await bootstrap.EnsureAsync(ct);
        await revoker.LoadAsync(ct);
    }

    public async Task StartedAsync(CancellationToken ct)
    {
        try
        {
            await bus.Publish(new ManagementStarted(await store.GetVersionAsync(ct), clock.Now()), ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Could not announce ManagementStarted; recording servers converge on their periodic refresh");
        }
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
