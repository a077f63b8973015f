namespace VmsServices.Messages;

/// <summary>A recording server that was declared failed is heard from again; it takes new load through rebalancing.</summary>
public sealed record RecordingServerReturned(string RecordingServerId, long ReturnedUtcMicros);
