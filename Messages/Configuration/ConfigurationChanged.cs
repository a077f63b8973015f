namespace VmsServices.Messages;

/// <summary>
/// The master configuration table changed (seed 000, messages 313/314). Every change bumps
/// <paramref name="Version"/> by one. The event carries the full new state of each device it
/// touched (not a diff), so applying it twice is harmless; a receiver that sees a version gap
/// asks for a fresh <see cref="ConfigurationCopy"/> instead of guessing.
/// </summary>
public sealed record ConfigurationChanged(
    long Version,
    IReadOnlyList<DeviceConfiguration> Devices,
    IReadOnlyList<string> RemovedDeviceIds,
    IReadOnlyList<RecordingServerRecord> Servers,
    IReadOnlyList<string> RemovedServerIds,
    long ChangedUtcMicros);
