namespace VmsServices.Messages;

/// <summary>
/// A recording server started and can take devices. The management server registers a server it
/// did not know (a server joining, seed 001) and refreshes the address of one it knew.
/// </summary>
public sealed record RecorderStarted(string RecordingServerId, string Name, string Address, long StartedUtcMicros);
