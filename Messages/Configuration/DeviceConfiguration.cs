namespace VmsServices.Messages;

/// <summary>A device with all of its configuration table rows, on every recording server.</summary>
public sealed record DeviceConfiguration(DeviceRecord Device, IReadOnlyList<ConfigurationEntry> Entries);
