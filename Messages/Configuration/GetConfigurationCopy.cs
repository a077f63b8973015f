namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for its copy of the configuration table (seed 000, FIG. 3,
/// steps 302-303). Answered with <see cref="ConfigurationCopy"/>.
/// </summary>
public sealed record GetConfigurationCopy(string RecordingServerId, long KnownVersion);
