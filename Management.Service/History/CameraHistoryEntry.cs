namespace VmsServices.Management.History;

/// <summary>What happened to a camera; the values of camera_history.kind.</summary>
public static class CameraHistoryKinds
{
    /// <summary>Registered and assigned to its first recording server.</summary>
    public const string Added = "added";
    /// <summary>A move committed: <c>RecordingServerId</c> became current, <c>FromRecordingServerId</c> became a previous owner.</summary>
    public const string Moved = "moved";
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Removed = "removed";
}

/// <summary>One line of a camera's history (seed 001 table 3 as a log). Detail says why (who moved it, failover, the camera's error).</summary>
public sealed record CameraHistoryEntry(
    string DeviceId,
    long AtUtcMicros,
    string Kind,
    string? RecordingServerId,
    string? FromRecordingServerId = null,
    string? Detail = null);

/// <summary>A recording server that recorded the camera for [SinceUtcMicros, UntilUtcMicros); State is the seed's online/offline for the current owner, "indirect" for a previous one.</summary>
public sealed record CameraOwner(string RecordingServerId, long SinceUtcMicros, long? UntilUtcMicros, string State);

/// <summary>
/// Seed 001 table 3 for one camera: its state, current owner, previous owners (each still holding the
/// recordings of its stretch) and the log it is derived from.
/// </summary>
public sealed record CameraHistory(
    string DeviceId,
    string State,
    string? CurrentOwner,
    IReadOnlyList<CameraOwner> PreviousOwners,
    IReadOnlyList<CameraHistoryEntry> Events);
