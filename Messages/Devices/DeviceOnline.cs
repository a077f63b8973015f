namespace VmsServices.Messages;

/// <summary>A recording server records a device (again): seed 001 table 3, state "online".</summary>
public sealed record DeviceOnline(string DeviceId, string RecordingServerId, long SinceUtcMicros);
