namespace VmsServices.Messages;

/// <summary>
/// The current recording server of a device has not been able to record it for its offline
/// threshold (camera unreachable, refusing, sending nothing). Seed 001 table 3, state "offline".
/// </summary>
public sealed record DeviceOffline(string DeviceId, string RecordingServerId, string Reason, long SinceUtcMicros);
