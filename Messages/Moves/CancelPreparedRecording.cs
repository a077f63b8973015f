namespace VmsServices.Messages;

/// <summary>
/// Roll back of a move: the target stops recording the device it prepared, unless the configuration
/// table meanwhile made it current. What it recorded stays (it is a committed segment like any other).
/// </summary>
public sealed record CancelPreparedRecording(Guid MoveId, string DeviceId, string RecordingServerId);
