namespace VmsServices.Messages;

/// <summary>
/// Command from an archiving server to the recording server it took segments from: it now holds
/// these segments of one device and data type, durably, with these SHA-256 checksums of their
/// standalone MP4 (init segment + fragment, the bytes <c>GET .../segments/{start}</c> answers).
/// The source deletes each segment whose own bytes have the same checksum, once its configuration
/// copy names the archiving server as a holder of the device, and publishes
/// <see cref="SegmentsDeleted"/>. Idempotent: a segment the source no longer holds is only
/// announced as deleted again; one whose checksum differs stays.
/// </summary>
public sealed record ConfirmArchived(
    string ArchiveServerId,
    string DeviceId,
    string DataType,
    IReadOnlyList<ArchivedSegment> Segments,
    long ConfirmedUtcMicros);
