namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for its copy of the configuration table (seed 000, FIG. 3,
/// steps 302-303). Answered with <see cref="ConfigurationCopy"/>. An archiving server
/// (<paramref name="Role"/> <see cref="RecordingServerRoles.Archive"/>) gets every registered
/// recording server in its copy, not only those its rows name: those are the servers it takes
/// segments from. A null role is a recording server (or one older than roles).
/// </summary>
public sealed record GetConfigurationCopy(string RecordingServerId, long KnownVersion, string? Role = null);
