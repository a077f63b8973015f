namespace VmsServices.Vmsctl.Api;

/// <summary>The body of /health/ready: overall status and each check's ("Healthy", "Degraded", "Unhealthy").</summary>
public sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthCheck>? Checks)
{
    /// <summary>Degraded still serves (recorders backing off a camera): only Unhealthy is not ready.</summary>
    public static bool IsReady(string status) => status is "Healthy" or "Degraded";
}

public sealed record HealthCheck(string Status, string? Description, string? Error);
