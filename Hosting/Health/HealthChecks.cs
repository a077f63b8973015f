using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VmsServices.Hosting.Data;

namespace VmsServices.Hosting.Health;

/// <summary>
/// The checks behind /health/live and /health/ready (see <see cref="HealthEndpoints"/>). Live runs
/// only checks tagged <see cref="Live"/> (the process answers); ready runs every check except
/// MassTransit's own, which <see cref="BusHealthCheck"/> replaces in every hosting mode.
/// </summary>
public static class HealthChecks
{
    public const string Live = "live";
    public const string Ready = "ready";

    /// <summary>A dependency that does not answer within this is counted as down.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>"self" (live) and "bus" (ready); add the node's stores with the methods below.</summary>
    public static IHealthChecksBuilder AddVmsHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy("process runs"), tags: [Live])
            .Add(new HealthCheckRegistration("bus", sp => new BusHealthCheck(sp), null, [Ready], Timeout));

    /// <summary>A `SELECT 1` on the database that <paramref name="database"/> picks.</summary>
    public static IHealthChecksBuilder AddDatabaseCheck(this IHealthChecksBuilder builder, string name, Func<IServiceProvider, Database> database) =>
        builder.Add(new HealthCheckRegistration(name, sp => new DatabaseHealthCheck(database(sp)), null, [Ready], Timeout));

    /// <summary>Writes and deletes a small file in <paramref name="directory"/>.</summary>
    public static IHealthChecksBuilder AddWritableDirectoryCheck(this IHealthChecksBuilder builder, string name, string directory) =>
        builder.Add(new HealthCheckRegistration(name, _ => new WritableDirectoryHealthCheck(directory), null, [Ready], Timeout));
}

/// <summary>
/// Asks the bus itself (IBusControl.CheckHealth: started, connected, endpoints receiving). Works
/// where the bus is this process's own and where a node is handed the demo's shared bus.
/// MassTransit calls the bus Degraded when a receive endpoint is faulted, which is what a lost or
/// refused broker connection looks like; a node that cannot receive its messages is not ready, so
/// that counts as Unhealthy here.
/// </summary>
public sealed class BusHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bus = services.GetService<IBusControl>() ?? services.GetService<IBus>() as IBusControl;
        if (bus is null)
            return Task.FromResult(HealthCheckResult.Unhealthy("no bus is registered"));
        var health = bus.CheckHealth();
        var status = health.Status switch
        {
            BusHealthStatus.Healthy => HealthStatus.Healthy,
            _ => HealthStatus.Unhealthy,
        };
        return Task.FromResult(new HealthCheckResult(status, health.Description, health.Exception));
    }
}

public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy(database.Dialect.GetType().Name);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"database not reachable: {e.Message}", e);
        }
    }
}

/// <summary>Recordings need a writable disk: a full, read-only or unmounted one must show as not ready.</summary>
public sealed class WritableDirectoryHealthCheck(string directory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(directory, $".health-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(probe, new byte[16], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy(Path.GetFullPath(directory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"{Path.GetFullPath(directory)} is not writable: {e.Message}", e);
        }
    }
}
