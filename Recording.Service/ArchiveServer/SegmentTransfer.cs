using System.Diagnostics;
using System.Security.Cryptography;
using VmsServices.Messages;
using VmsServices.Recording.Api;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// A segment on its way from a source into this archiving server's store: either already held here
/// (<see cref="Held"/>), or downloaded and checked (<see cref="Init"/> + <see cref="Fragment"/>).
/// </summary>
public sealed record PreparedSegment(SegmentDto Segment, ArchivedSegment? Held, ReadOnlyMemory<byte> Init, ReadOnlyMemory<byte> Fragment, string Sha256, TimeSpan FetchTime);

/// <summary>
/// Takes one segment from a source into this archiving server's store, idempotently by its identity
/// (device, data type, start) and its checksum, in two steps so that a pass downloads the next
/// segment while it writes this one:
/// <list type="number">
/// <item><see cref="PrepareAsync"/>: already held here (an earlier pass, or before a crash)? Then nothing
/// is downloaded and the checksum is read from our copy. Otherwise its bytes are downloaded with the
/// source's SHA-256 and checked against it.</item>
/// <item><see cref="StoreAsync"/>: appended durably (written, fsync'ed, committed) to an archive file, several
/// at once, then read back from our store and hashed again: what will be confirmed is what we hold.</item>
/// </list>
/// The result is what the source is told (<see cref="ConfirmArchived"/>); null means "not taken
/// now" (gone at the source, or the bytes did not check out: tried again at the next pass).
/// </summary>
public sealed class SegmentTransfer(SegmentStore store, ArchiveSourceClient sources, ArchiveWriters writers, ArchiveServerSettings settings,
    ArchiveProgress progress, TimeProvider clock, ILogger<SegmentTransfer> log)
{
    private readonly BandwidthThrottle _throttle = new(settings.MaxBytesPerSecond, clock);

    public async Task<PreparedSegment?> PrepareAsync(string address, string deviceId, string dataType, SegmentDto segment, CancellationToken ct)
    {
        if (await store.FindAsync(deviceId, dataType, segment.StartUtcMicros, ct) is { } held)
            return new PreparedSegment(segment, new ArchivedSegment(held.StartUtcMicros, held.EndUtcMicros, await SegmentDigest.OfStoredAsync(store, held, ct)), default, default, "", default);

        var started = Stopwatch.GetTimestamp();
        var fetched = await sources.FetchAsync(address, deviceId, dataType, segment.StartUtcMicros, _throttle, ct);
        if (fetched is null) return null;
        var received = SHA256.HashData(fetched.Bytes.Span);
        if (!received.AsSpan().SequenceEqual(fetched.SourceSha256))
            return Reject("it does not match the checksum its source sent", deviceId, dataType, segment, address);
        if (!StandaloneMp4.TrySplit(fetched.Bytes, out var init, out var fragment))
            return Reject("it is not an init segment followed by a fragment", deviceId, dataType, segment, address);
        return new PreparedSegment(segment, null, init, fragment, SegmentDigest.Hex(received), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Step 2 for segments of one device downloaded in a row: appended together (one fsync, one
    /// catalog transaction per file), then each read back. Returns those that may be confirmed.
    /// </summary>
    public async Task<IReadOnlyList<(SegmentDto Segment, ArchivedSegment Archived)>> StoreAsync(string deviceId, string dataType, IReadOnlyList<PreparedSegment> prepared, CancellationToken ct)
    {
        var result = prepared.Where(p => p.Held is not null).Select(p => (p.Segment, p.Held!)).ToList();
        var fetched = prepared.Where(p => p.Held is null).ToList();
        if (fetched.Count == 0) return result;
        var started = Stopwatch.GetTimestamp();
        var stored = await writers.AppendAsync(deviceId, dataType, fetched, ct);
        var writeTime = Stopwatch.GetElapsedTime(started) / fetched.Count;
        for (var i = 0; i < fetched.Count; i++)
        {
            var ours = await SegmentDigest.OfStoredAsync(store, stored[i], ct);
            progress.Transferred(fetched[i].Init.Length + fetched[i].Fragment.Length, fetched[i].FetchTime + writeTime);
            if (ours == fetched[i].Sha256)
            {
                result.Add((fetched[i].Segment, new ArchivedSegment(stored[i].StartUtcMicros, stored[i].EndUtcMicros, ours)));
                continue;
            }
            log.LogError("Segment {Device}/{DataType}/{Start} reads back from this store with another checksum than it was written with: not confirmed", deviceId, dataType, stored[i].StartUtcMicros);
            progress.Rejected();
        }
        return result;
    }

    private PreparedSegment? Reject(string reason, string deviceId, string dataType, SegmentDto segment, string address)
    {
        log.LogWarning("Segment {Device}/{DataType}/{Start} from {Source} not taken: {Reason}; retried at the next pass", deviceId, dataType, segment.StartUtcMicros, address, reason);
        progress.Rejected();
        return null;
    }
}
