namespace VmsServices.Messages;

/// <summary>
/// Identity of a segment (seed 000 [0042]): its time interval [StartUtcMicros, EndUtcMicros),
/// unique per device and data type across all recording servers.
/// </summary>
public sealed record SegmentRef(long StartUtcMicros, long EndUtcMicros, long SizeBytes);
