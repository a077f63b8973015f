namespace VmsServices.Messages;

/// <summary>
/// The partial copy of the master configuration table that concerns one recording server
/// (seed 000 [0066]): every device that has a row naming this server, with all rows of those
/// devices (so the server knows which peers hold the rest of their segments), and the peers
/// those rows name. <paramref name="Version"/> is the master table's version it reflects.
/// </summary>
public sealed record ConfigurationCopy(
    string RecordingServerId,
    long Version,
    IReadOnlyList<DeviceConfiguration> Devices,
    IReadOnlyList<RecordingServerRecord> Servers);
