namespace VmsServices.Messages;

/// <summary>The configuration table now names a new current recording server for a device.</summary>
public sealed record DeviceMoved(
    Guid MoveId,
    string DeviceId,
    string FromRecordingServerId,
    string ToRecordingServerId,
    long Version,
    long MovedUtcMicros);
