namespace VmsServices.Recording.Recorder;

public enum RecorderState
{
    /// <summary>Connecting to the camera (RTSP handshake) or waiting for the first key frame.</summary>
    Connecting,
    /// <summary>A session is playing and segments are being committed.</summary>
    Recording,
    /// <summary>The last attempt failed; waiting before reconnecting.</summary>
    BackingOff,
    /// <summary>Stopped by the supervisor (device removed or service stopping).</summary>
    Stopped,
}

/// <summary>
/// An interruption of a device's recording on this server: nothing was recorded in
/// [StartUtcMicros, EndUtcMicros) (EndUtcMicros null while the gap is still open).
/// </summary>
public sealed record RecordingGap(long StartUtcMicros, long? EndUtcMicros, string Reason);

/// <summary>
/// A snapshot of one device recorder, for the HTTP API and health checks. ReceiveLowWaterBytes is the
/// camera socket's receive low-water mark in force (receive batching; 1 = every byte wakes the reader,
/// as while someone watches the device live); null outside a session.
/// </summary>
public sealed record RecorderStatus(
    string DeviceId,
    RecorderState State,
    string? LastError,
    DateTimeOffset? LastErrorUtc,
    long SegmentsWritten,
    long BytesWritten,
    long SegmentsDropped,
    long? LastSegmentEndUtcMicros,
    DateTimeOffset? SessionStartUtc,
    int ConsecutiveFailures,
    IReadOnlyList<RecordingGap> RecentGaps,
    int? ReceiveLowWaterBytes);
