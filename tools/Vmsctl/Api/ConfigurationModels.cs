namespace VmsServices.Vmsctl.Api;

// The management API's configuration shapes (GET /api/recording-servers, /api/devices,
// /api/configuration-table), as its OpenAPI document describes them. vmsctl keeps its own
// copies: it depends on the published HTTP contract, never on the services' assemblies.

public sealed record RecordingServer(string Id, string Name, string Address);

public sealed record Device(string Id, string Name, string StreamUrl, string? Address, string? CredentialsRef);

/// <summary>One row of the configuration table: which recording server stores (IsCurrent: records now) a device's data type.</summary>
public sealed record ConfigurationEntry(string DeviceId, string DataType, string RecordingServerId, bool IsCurrent);

public sealed record DeviceConfiguration(Device Device, IReadOnlyList<ConfigurationEntry> Entries);

public sealed record ConfigurationTable(long Version, IReadOnlyList<ConfigurationEntry> Entries);
