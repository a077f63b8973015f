namespace VmsServices.Messages;

/// <summary>
/// A batch of segments a recording server committed to its store (seed 000 [0077]); peers use it
/// to keep their association tables current.
/// </summary>
public sealed record SegmentsStored(
    string RecordingServerId,
    string DeviceId,
    string DataType,
    IReadOnlyList<SegmentRef> Segments,
    long StoredUtcMicros);
