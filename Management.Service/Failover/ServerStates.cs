namespace VmsServices.Management.Failover;

/// <summary>Values of recording_servers.state.</summary>
public static class ServerStates
{
    /// <summary>Registered (by the API or its announcement) and never heard from since: not failed over, not assigned to.</summary>
    public const string Registered = "registered";
    /// <summary>Heartbeats arrive: takes devices.</summary>
    public const string Online = "online";
    /// <summary>Was online, then silent beyond the failure timeout: its devices move to survivors; its rows stay non-current.</summary>
    public const string Failed = "failed";
}
