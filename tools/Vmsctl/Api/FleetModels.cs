namespace VmsServices.Vmsctl.Api;

// The management API's fleet shapes: GET /api/recording-servers/status and GET /api/devices/{id}/history.

/// <summary>A recording server's state ("registered", "online", "failed"), last heartbeat and load (null until it reported).</summary>
public sealed record RecordingServerStatus(string Id, string Name, string Address, string State, long? LastSeenUtcMicros, int Devices, ServerLoad? Load);

/// <summary>What a recording server last reported: its load, and its limits (0: none).</summary>
public sealed record ServerLoad(
    int Streams,
    long BitsPerSecond,
    long DiskFreeBytes,
    long DiskTotalBytes,
    int MaxStreams,
    long MaxBitsPerSecond,
    long MinFreeDiskBytes);

/// <summary>A camera's history (seed 001 table 3): state, current owner, previous owners newest first, and the event log oldest first.</summary>
public sealed record CameraHistory(
    string DeviceId,
    string State,
    string? CurrentOwner,
    IReadOnlyList<CameraOwner> PreviousOwners,
    IReadOnlyList<CameraHistoryEvent> Events);

/// <summary>A recording server that recorded the camera for [Since, Until); "indirect" for a previous owner.</summary>
public sealed record CameraOwner(string RecordingServerId, long SinceUtcMicros, long? UntilUtcMicros, string State);

/// <summary>One line of the log: added, moved (to RecordingServerId from FromRecordingServerId), online, offline, removed.</summary>
public sealed record CameraHistoryEvent(
    string DeviceId,
    long AtUtcMicros,
    string Kind,
    string? RecordingServerId,
    string? FromRecordingServerId,
    string? Detail);
