using MassTransit;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Association;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// On the recording server an archiving server took segments from: the archive holds them, each
/// with the SHA-256 of its copy. Each segment whose own bytes have the same checksum is deleted
/// here (<see cref="SegmentStore.DeleteSegmentsAsync"/>) and announced as retention announces
/// (<see cref="ISegmentsDeletedSink"/>: SegmentsDeleted, so peers' association tables follow and the
/// management server retires this server's row once it holds nothing of the device). Nothing is
/// deleted before this server's configuration copy names the archive as a holder of the device,
/// and its association table then points at the archive for those segments first: the current
/// server (this one or a peer) never loses track of them. Idempotent: a segment already gone is
/// only announced as deleted again (a crash between the deletion and the announcement), one whose
/// checksum differs stays.
/// </summary>
public sealed class ConfirmArchivedConsumer(
    SegmentStore store,
    AssociationTable table,
    IEnumerable<ISegmentsDeletedSink> sinks,
    RecordingSettings settings,
    ILogger<ConfirmArchivedConsumer> log) : IConsumer<ConfirmArchived>
{
    public const int MaxSegments = 1000;

    public async Task Consume(ConsumeContext<ConfirmArchived> context)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        if (!IsValid(m))
        {
            log.LogWarning("Ignored an invalid ConfirmArchived from {Server}", m.ArchiveServerId);
            return;
        }
        // An archiving server gives nothing away: two archives would hand segments back and forth.
        if (settings.IsArchive || m.ArchiveServerId == settings.ServerId) return;
        if (!table.AddSegments(m.ArchiveServerId, m.DeviceId, m.DataType, m.Segments.Select(s => (s.StartUtcMicros, s.EndUtcMicros))))
        {
            log.LogInformation("{Archive} holds {Count} segments of {Device}/{DataType}, but this server's copy does not name it for the device yet: kept until it confirms again",
                m.ArchiveServerId, m.Segments.Count, m.DeviceId, m.DataType);
            return;
        }

        var matching = new List<long>();
        var gone = new List<SegmentRef>();
        foreach (var s in m.Segments)
        {
            if (await store.FindAsync(m.DeviceId, m.DataType, s.StartUtcMicros, ct) is not { } held)
                gone.Add(new SegmentRef(s.StartUtcMicros, s.EndUtcMicros, 0));
            else if (await SegmentDigest.OfStoredAsync(store, held, ct) == s.Sha256.ToLowerInvariant())
                matching.Add(held.StartUtcMicros);
            else
                log.LogError("{Archive}'s copy of {Device}/{DataType}/{Start} has another checksum than this server's: this copy is kept", m.ArchiveServerId, m.DeviceId, m.DataType, s.StartUtcMicros);
        }
        var deleted = matching.Count == 0 ? null : await store.DeleteSegmentsAsync(m.DeviceId, m.DataType, matching, ct);
        var announced = (deleted?.Segments ?? []).Concat(gone).OrderBy(s => s.StartUtcMicros).ToList();
        if (announced.Count == 0) return;
        var holdsNoMore = deleted?.HoldsNoMore ?? await store.LastSegmentAsync(m.DeviceId, m.DataType, ct) is null;
        if (deleted is not null)
            log.LogInformation("{Archive} holds {Count} segments of {Device}/{DataType}: deleted here{Last}", m.ArchiveServerId, deleted.Segments.Count, m.DeviceId, m.DataType,
                holdsNoMore ? " (none left)" : "");
        IReadOnlyList<DeletedSegments> report = [new DeletedSegments(m.DeviceId, m.DataType, announced, holdsNoMore)];
        foreach (var sink in sinks) await sink.OnDeletedAsync(report, ct);
    }

    private static bool IsValid(ConfirmArchived m) =>
        Ids.IsValid(m.ArchiveServerId) && Ids.IsValid(m.DeviceId) && DataTypes.IsKnown(m.DataType)
        && m.Segments is { Count: > 0 and <= MaxSegments }
        && m.Segments.All(s => s is not null && s.EndUtcMicros > s.StartUtcMicros && s.Sha256 is { Length: 64 } && s.Sha256.All(char.IsAsciiHexDigit));
}
