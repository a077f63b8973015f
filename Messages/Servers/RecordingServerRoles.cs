namespace VmsServices.Messages;

/// <summary>
/// Roles a recording server announces (<see cref="RecorderHeartbeat"/>, <see cref="GetConfigurationCopy"/>).
/// A null role is a server older than roles: a recording server.
/// </summary>
public static class RecordingServerRoles
{
    /// <summary>Records the cameras the configuration table makes current on it (the default).</summary>
    public const string Recording = "recording";

    /// <summary>
    /// Records no camera: takes older segments from the recording servers on a schedule and keeps
    /// them (an archiving server). Never chosen for a camera by assignment, failover or rebalancing.
    /// </summary>
    public const string Archive = "archive";

    public static bool IsArchive(string? role) => role == Archive;
}
