using System.Diagnostics;
using System.Security.Cryptography;
using VmsServices.Messages;
using VmsServices.Recording.Api;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// Takes one segment from a source into this archiving server's store, idempotently by its identity
/// (device, data type, start) and its checksum:
/// <list type="number">
/// <item>already held here (an earlier pass, or before a crash): nothing is fetched; its checksum is read from our copy;</item>
/// <item>otherwise its bytes are fetched with the source's SHA-256 and checked against it,</item>
/// <item>appended durably (written, fsync'ed, committed) to an archive file,</item>
/// <item>read back from our store and hashed again: what will be confirmed is what we hold.</item>
/// </list>
/// The result is what the source is told (<see cref="ConfirmArchived"/>); null means "not taken
/// now" (gone at the source, or the bytes did not check out: tried again at the next pass).
/// </summary>
public sealed class SegmentTransfer(SegmentStore store, ArchiveSourceClient sources, ArchiveWriters writers, ArchiveServerSettings settings,
    ArchiveProgress progress, TimeProvider clock, ILogger<SegmentTransfer> log)
{
    private readonly BandwidthThrottle _throttle = new(settings.MaxBytesPerSecond, clock);

    public async Task<ArchivedSegment?> TakeAsync(string address, string deviceId, string dataType, SegmentDto segment, CancellationToken ct)
    {
        if (await store.FindAsync(deviceId, dataType, segment.StartUtcMicros, ct) is { } held)
            return new ArchivedSegment(held.StartUtcMicros, held.EndUtcMicros, await SegmentDigest.OfStoredAsync(store, held, ct));

        var started = Stopwatch.GetTimestamp();
        var fetched = await sources.FetchAsync(address, deviceId, dataType, segment.StartUtcMicros, _throttle, ct);
        T.Fetch += Stopwatch.GetElapsedTime(started).TotalMilliseconds; var t1 = Stopwatch.GetTimestamp();
        if (fetched is null) return null;
        var received = SHA256.HashData(fetched.Bytes.Span);
        if (!received.AsSpan().SequenceEqual(fetched.SourceSha256))
        {
            log.LogWarning("Segment {Device}/{DataType}/{Start} from {Source} does not match its checksum; not taken, retried at the next pass", deviceId, dataType, segment.StartUtcMicros, address);
            progress.Rejected();
            return null;
        }
        T.Hash += Stopwatch.GetElapsedTime(t1).TotalMilliseconds; t1 = Stopwatch.GetTimestamp();
        if (!StandaloneMp4.TrySplit(fetched.Bytes, out var init, out var fragment))
        {
            log.LogWarning("Segment {Device}/{DataType}/{Start} from {Source} is not an init segment followed by a fragment; not taken", deviceId, dataType, segment.StartUtcMicros, address);
            progress.Rejected();
            return null;
        }
        var stored = await writers.AppendAsync(deviceId, dataType, init, fragment, segment.StartUtcMicros, segment.EndUtcMicros,
            segment.AfterGap ? SegmentFlags.AfterGap : SegmentFlags.None, ct);
        T.Append += Stopwatch.GetElapsedTime(t1).TotalMilliseconds; t1 = Stopwatch.GetTimestamp();
        var ours = await SegmentDigest.OfStoredAsync(store, stored, ct);
        T.Readback += Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
        progress.Transferred(fetched.Bytes.Length, Stopwatch.GetElapsedTime(started));
        if (ours != SegmentDigest.Hex(received))
        {
            log.LogError("Segment {Device}/{DataType}/{Start} reads back from this store with another checksum than it was written with: not confirmed", deviceId, dataType, segment.StartUtcMicros);
            progress.Rejected();
            return null;
        }
        return new ArchivedSegment(stored.StartUtcMicros, stored.EndUtcMicros, ours);
    }
}

public static class T { public static double Fetch, Hash, Append, Readback; }
