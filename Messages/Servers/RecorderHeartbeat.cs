namespace VmsServices.Messages;

/// <summary>
/// Published by every recording server at a fixed interval (seed 001's "echo packet"): it is alive,
/// and how loaded it is, so that the management server can pick a server with capacity for a camera
/// (the seed's servers "consider their own conditions") and notice a server that stopped answering.
/// <paramref name="Role"/> (<see cref="RecordingServerRoles"/>): null from a server older than roles, a recording server.
/// </summary>
public sealed record RecorderHeartbeat(string RecordingServerId, string Name, string Address, RecorderLoad Load, long SentUtcMicros, string? Role = null);

/// <summary>
/// A recording server's load and the limits it accepts. Zero limits mean "no limit of that kind".
/// <paramref name="BitsPerSecond"/> is what its recorders wrote over the last interval.
/// </summary>
public sealed record RecorderLoad(
    int Streams,
    long BitsPerSecond,
    long DiskFreeBytes,
    long DiskTotalBytes,
    int MaxStreams,
    long MaxBitsPerSecond,
    long MinFreeDiskBytes);
