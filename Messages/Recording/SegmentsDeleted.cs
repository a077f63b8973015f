namespace VmsServices.Messages;

/// <summary>
/// Segments a recording server removed (retention, archiving). <paramref name="HoldsNoMore"/> says
/// the server now holds no segment of the device and data type at all, which lets the management
/// server retire a non-current row (seed 000 [0081]).
/// </summary>
public sealed record SegmentsDeleted(
    string RecordingServerId,
    string DeviceId,
    string DataType,
    IReadOnlyList<SegmentRef> Segments,
    bool HoldsNoMore,
    long DeletedUtcMicros);
