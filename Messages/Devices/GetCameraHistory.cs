namespace VmsServices.Messages;

/// <summary>
/// Request from a recording server for a camera's history (seed 001 table 3), to answer a user's
/// query about any camera (seed 001 [0088]-[0091]). Answered with <see cref="CameraHistoryReply"/>.
/// </summary>
public sealed record GetCameraHistory(string DeviceId);

/// <summary>
/// A camera's current owner (and its address, to forward the query to), its state and its previous
/// owners, newest first. <paramref name="Known"/> is false for a camera the management server never had.
/// </summary>
public sealed record CameraHistoryReply(
    string DeviceId,
    bool Known,
    string State,
    string? CurrentOwner,
    string? CurrentOwnerAddress,
    IReadOnlyList<PreviousOwner> PreviousOwners);

/// <summary>A recording server that recorded the camera during [SinceUtcMicros, UntilUtcMicros) and may still hold those segments.</summary>
public sealed record PreviousOwner(string RecordingServerId, long SinceUtcMicros, long UntilUtcMicros);
