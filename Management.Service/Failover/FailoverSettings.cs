namespace VmsServices.Management.Failover;

/// <summary>Failure detection and failover of recording servers ("Management:Failover").</summary>
public sealed class FailoverSettings
{
    /// <summary>Off: failed servers are reported but their devices stay where they are.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A server not heard from for this long is failed (three heartbeats at the recording servers' default of 1 s).</summary>
    public TimeSpan FailureTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often liveness is checked and failed servers' devices are (re)assigned.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A device whose failover move failed (e.g. its camera is down too) is tried again after this long.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
