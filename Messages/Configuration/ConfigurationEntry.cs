namespace VmsServices.Messages;

/// <summary>
/// One row of the configuration table (seed 000, FIG. 6A): which recording server stores (or
/// stored) the data of a device. <paramref name="IsCurrent"/> is the "current recording server"
/// flag (field 604): true for the server new recordings go to, false for a server that still holds
/// older segments of the device.
/// </summary>
public sealed record ConfigurationEntry(string DeviceId, string DataType, string RecordingServerId, bool IsCurrent);
