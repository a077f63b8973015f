using System.Text.Json;

namespace VmsServices.Management.Api;

// GET /api/archive on the management server: every recording server's and archiving server's own
// GET /api/archive (their ArchiveReport), merged per device and data type. The servers' shapes are
// read as far as the merge needs them; what it does not interpret passes through as JSON.

/// <summary>Segments, bytes (init segments included) and time span of some recordings, as the recording servers count them.</summary>
public sealed record TierFigures(long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros)
{
    public static readonly TierFigures Empty = new(0, 0, null, null);

    public TierFigures Plus(TierFigures other) => new(SegmentCount + other.SegmentCount, SizeBytes + other.SizeBytes,
        Earlier(OldestUtcMicros, other.OldestUtcMicros), Later(NewestUtcMicros, other.NewestUtcMicros));

    public static TierFigures Sum(IEnumerable<TierFigures> all) => all.Aggregate(Empty, (sum, f) => sum.Plus(f));

    private static long? Earlier(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    private static long? Later(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}

/// <summary>
/// One server's answer to its GET /api/archive. Role "recording": Live on its live volume, Archived
/// on its own archive tier, Pending what waits for the archiving server. Role "archive": Archived is
/// what it holds; Live and Pending are its last view of its sources, per source in Sources.
/// </summary>
public sealed record ServerArchiveReport(
    string RecordingServerId,
    string Role,
    IReadOnlyList<ServerDeviceArchive> Devices,
    JsonElement? LastArchiveRequest,
    JsonElement? ArchiveServer);

public sealed record ServerDeviceArchive(
    string DeviceId, string DataType, TierFigures Live, TierFigures Archived, TierFigures Pending, IReadOnlyList<SourceFigures>? Sources);

/// <summary>An archiving server's view of one source's holdings of a device: what it holds and what of it is due, as checked then.</summary>
public sealed record SourceFigures(string RecordingServerId, TierFigures Live, TierFigures Pending, long CheckedUtcMicros);

/// <summary>
/// The merged report. <see cref="Devices"/> count only the servers that answered (<see cref="Servers"/>);
/// the others are in <see cref="Unreachable"/> with the reason.
/// </summary>
public sealed record ArchiveOverview(
    IReadOnlyList<DeviceArchiveOverview> Devices,
    IReadOnlyList<AnsweredServer> Servers,
    IReadOnlyList<UnreachableServer> Unreachable);

/// <summary>
/// A device and data type: <see cref="Live"/> on the recording servers' live volumes, <see cref="Archived"/>
/// on their archive tiers and on the archiving servers, <see cref="Pending"/> what the recording servers
/// hold that is due to the archiving server (part of Live); <see cref="Servers"/> each server's own figures.
/// </summary>
public sealed record DeviceArchiveOverview(
    string DeviceId, string DataType, TierFigures Live, TierFigures Archived, TierFigures Pending, IReadOnlyList<ServerArchiveFigures> Servers);

/// <summary>One server's figures for a device as it reported them (an archiving server's also per source).</summary>
public sealed record ServerArchiveFigures(
    string RecordingServerId, string Role, TierFigures Live, TierFigures Archived, TierFigures Pending, IReadOnlyList<SourceFigures>? Sources);

/// <summary>A server that answered: a recording server's last archive request, an archiving server's passes and sources, as it sent them.</summary>
public sealed record AnsweredServer(string RecordingServerId, string Address, string Role, JsonElement? LastArchiveRequest, JsonElement? ArchiveServer);

public sealed record UnreachableServer(string RecordingServerId, string Address, string Reason);

/// <summary>What asking one registered server gave: its report, or why there is none.</summary>
public sealed record ServerArchiveAnswer(Messages.RecordingServerRecord Server, ServerArchiveReport? Report, string? Failure)
{
    public static ServerArchiveAnswer Answered(Messages.RecordingServerRecord server, ServerArchiveReport report) => new(server, report, null);

    public static ServerArchiveAnswer Failed(Messages.RecordingServerRecord server, string reason) => new(server, null, reason);
}
