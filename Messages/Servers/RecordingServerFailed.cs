namespace VmsServices.Messages;

/// <summary>
/// The management server has not heard from a recording server for longer than its failure timeout
/// and is moving the server's devices (<paramref name="DeviceIds"/>) to survivors (seed 001 failover).
/// The server's rows stay in the configuration table as non-current, so its recordings are reachable
/// again as soon as it returns.
/// </summary>
public sealed record RecordingServerFailed(string RecordingServerId, long LastSeenUtcMicros, long DetectedUtcMicros, IReadOnlyList<string> DeviceIds);
