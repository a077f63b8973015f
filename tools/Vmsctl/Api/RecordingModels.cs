namespace VmsServices.Vmsctl.Api;

/// <summary>A committed segment [start, end) as GET /api/devices/{id}/segments lists it, with the server that holds it.</summary>
public sealed record Segment(long StartUtcMicros, long EndUtcMicros, long SizeBytes, bool AfterGap, string RecordingServerId);
