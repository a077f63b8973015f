using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VmsServices.Recording.Recorder;

public static class RecorderRegistration
{
    /// <summary>
    /// Registers the recorder: options (section "Recording"), credentials (management server's store, then configuration), the supervisor
    /// (as itself, for the API, and as a hosted service) and a "recorders" health check. Needs an
    /// <see cref="Storage.ISegmentStore"/> and a <see cref="TimeProvider"/> registered elsewhere.
    /// </summary>
    public static IServiceCollection AddRecorder(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(RecorderOptions.Section).Get<RecorderOptions>() ?? new RecorderOptions());
        services.AddSingleton<ICredentialsProvider>(sp =>
            ActivatorUtilities.CreateInstance<ManagementCredentialsProvider>(sp, new ConfigurationCredentialsProvider(configuration)));
        services.AddSingleton<PreparedRecordings>();
        services.AddSingleton<RecordingSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingSupervisor>());
        services.AddHealthChecks().AddCheck<RecorderHealthCheck>("recorders");
        return services;
    }
}

/// <summary>
/// Degraded (never Unhealthy: a dead camera must not take the server out of rotation) while some recorders
/// are not recording; the description names them.
/// </summary>
public sealed class RecorderHealthCheck(RecordingSupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<RecorderStatus> statuses = supervisor.Statuses;
        var failing = statuses.Where(s => s.State == RecorderState.BackingOff).Select(s => s.DeviceId).ToList();
        var data = new Dictionary<string, object>
        {
            ["devices"] = statuses.Count,
            ["recording"] = statuses.Count(s => s.State == RecorderState.Recording),
            ["backingOff"] = failing.Count,
        };
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy($"{statuses.Count} device(s) recorded", data)
            : HealthCheckResult.Degraded($"not recording: {string.Join(", ", failing.Take(20))}", data: data));
    }
}
