namespace VmsServices.Messages;

/// <summary>
/// Command to the recording server a device is being moved to: start recording it now, before the
/// configuration table names it current, so the move is make-before-break. Answered with
/// <see cref="RecordingPrepared"/>. Repeating it for the same move is harmless.
/// </summary>
public sealed record PrepareRecording(Guid MoveId, DeviceConfiguration Device, string RecordingServerId);
