namespace VmsServices.Messages;

/// <summary>
/// The target of a move is recording the device (Succeeded, with the start of its first committed
/// segment) or could not (Error: camera unreachable, refused a second session, no capacity).
/// </summary>
public sealed record RecordingPrepared(
    Guid MoveId,
    string DeviceId,
    string RecordingServerId,
    bool Succeeded,
    string? Error,
    long? FirstSegmentStartUtcMicros);
