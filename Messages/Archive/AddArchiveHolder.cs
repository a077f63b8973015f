namespace VmsServices.Messages;

/// <summary>
/// Command from an archiving server to the management server: it stored its first segment(s) of a
/// device and data type, so the configuration table gets a (device, data type, archiving server,
/// current = 0) row, and the device's recording servers learn it as a holder (seed 000 [0066]).
/// Idempotent: an existing row changes nothing. The row is retired like any other
/// (<see cref="SegmentsDeleted"/> with HoldsNoMore) when the archive's retention removes the
/// device's last segment.
/// </summary>
public sealed record AddArchiveHolder(string ArchiveServerId, string DeviceId, string DataType, long RequestedUtcMicros);
