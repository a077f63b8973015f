namespace VmsServices.Vmsctl.Api;

// The management API's archive progress (GET /api/archive): every server's own report merged per
// device and data type. Times are UTC microseconds since the Unix epoch.

/// <summary>Per device and data type; the servers that answered, and those that did not with the reason.</summary>
public sealed record ArchiveOverview(IReadOnlyList<DeviceArchive> Devices, IReadOnlyList<ArchiveServerAnswer> Servers, IReadOnlyList<UnreachableServer> Unreachable);

/// <summary>Live on the recording servers, archived (archive tiers and archiving servers), pending (due to the archiving server, part of live).</summary>
public sealed record DeviceArchive(string DeviceId, string DataType, StorageTier Live, StorageTier Archived, StorageTier Pending, IReadOnlyList<ServerArchive> Servers);

/// <summary>One server's own figures for the device ("recording" or "archive" role).</summary>
public sealed record ServerArchive(string RecordingServerId, string Role, StorageTier Live, StorageTier Archived, StorageTier Pending);

public sealed record StorageTier(long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros);

public sealed record ArchiveServerAnswer(string RecordingServerId, string Address, string Role);

public sealed record UnreachableServer(string RecordingServerId, string Address, string Reason);
