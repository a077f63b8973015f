namespace VmsServices.Messages;

/// <summary>A move was rolled back: the configuration table is as before the request.</summary>
public sealed record MoveFailed(Guid MoveId, string DeviceId, string FromRecordingServerId, string ToRecordingServerId, string Reason, long FailedUtcMicros);
