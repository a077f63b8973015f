using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// <c>GET /api/archive</c>: per device and data type, how much is live, archived and pending. On a
/// recording server: <see cref="DeviceArchiveReport.Live"/> on its live volume,
/// <see cref="DeviceArchiveReport.Archived"/> on its archive tier, <see cref="DeviceArchiveReport.Pending"/>
/// what waits to leave to the archiving server (ended by the cut-off it last asked with,
/// <see cref="LastArchiveRequest"/>). On an archiving server: Live is what the recording servers still
/// hold, Archived what it holds, Pending what is due at the sources and not taken yet, with the
/// breakdown per source and the state of its transfers (<see cref="ArchiveServer"/>).
/// </summary>
public sealed record ArchiveReport(
    string RecordingServerId,
    string Role,
    IReadOnlyList<DeviceArchiveReport> Devices,
    ArchiveRequest? LastArchiveRequest,
    ArchiveServerStatus? ArchiveServer);

public sealed record DeviceArchiveReport(string DeviceId, string DataType, TierStats Live, TierStats Archived, TierStats Pending, IReadOnlyList<SourceDeviceReport>? Sources);

/// <summary>What one source holds of a device (at its last answer) and what of it is due and not taken yet.</summary>
public sealed record SourceDeviceReport(string RecordingServerId, TierStats Live, TierStats Pending, long CheckedUtcMicros);

public sealed record ArchiveServerStatus(
    TimeSpan MoveAfter,
    long MaxBytesPerSecond,
    long? CutoffUtcMicros,
    ArchivePassReport? CurrentPass,
    ArchivePassReport? LastPass,
    ArchiveTotals Totals,
    IReadOnlyList<ArchiveSourceReport> Sources);

/// <summary>One pass over the sources: segments and bytes taken, confirmed to their sources, and not taken because they did not check out.</summary>
public sealed record ArchivePassReport(long StartedUtcMicros, long? EndedUtcMicros, long SegmentsTransferred, long BytesTransferred, long SegmentsConfirmed, long SegmentsRejected);

/// <summary>Since this server started: what was taken, and at what rate while transferring (fetch, check, durable write, read-back).</summary>
public sealed record ArchiveTotals(long SegmentsTransferred, long BytesTransferred, long SegmentsConfirmed, double TransferSeconds, double BytesPerSecond);

public sealed record ArchiveSourceReport(string RecordingServerId, string Address, long? LastContactUtcMicros, string? LastError);

public static class TierStatsSums
{
    public static TierStats Plus(this TierStats a, TierStats b) => new(a.SegmentCount + b.SegmentCount, a.SizeBytes + b.SizeBytes,
        Min(a.OldestUtcMicros, b.OldestUtcMicros), Max(a.NewestUtcMicros, b.NewestUtcMicros));

    public static TierStats Sum(this IEnumerable<TierStats> all) => all.Aggregate(TierStats.Empty, Plus);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
