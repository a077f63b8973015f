namespace VmsServices.Messages;

/// <summary>
/// One segment an archiving server holds (identity: its start; its end so the source can point
/// its association table at the archive before it deletes its own copy) and the SHA-256 of its
/// standalone MP4, lowercase hex.
/// </summary>
public sealed record ArchivedSegment(long StartUtcMicros, long EndUtcMicros, string Sha256);
