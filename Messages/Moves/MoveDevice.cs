namespace VmsServices.Messages;

/// <summary>
/// Command: make <paramref name="ToRecordingServerId"/> the current recording server of a device
/// (seed 000, FIG. 8/9). The old server keeps its rows, as non-current, while it holds segments.
/// </summary>
public sealed record MoveDevice(Guid MoveId, string DeviceId, string ToRecordingServerId, string RequestedBy);
