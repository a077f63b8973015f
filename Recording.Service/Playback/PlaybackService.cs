using VmsServices.Hosting;
using VmsServices.Media.Mp4;
using VmsServices.Recording.Api;
using VmsServices.Recording.Association;
using VmsServices.Recording.Serving;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Playback;

/// <summary>A holder could not be asked for what a playback needs (answered as 502, like the segment proxy).</summary>
public sealed class HolderUnavailableException(string holderId, string? address, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string HolderId { get; } = holderId;
    public string? Address { get; } = address;
}

/// <summary>
/// Builds playbacks on a device's current recording server (seed 000 FIG. 4/5: it answers for every
/// holder): the plan from the merged segment list (<see cref="PlaybackPlanner"/>), and the MP4 of a
/// plan as a lazily read <see cref="PlaybackStream"/>: local pieces from the store's file regions,
/// peers' through their segment endpoint (<c>part=fragment</c>, Range), cut pieces in memory.
/// </summary>
public sealed class PlaybackService(ISegmentStore store, AssociationTable table, SegmentLocator locator, HolderClient holders, ILogger<PlaybackService> log)
{
    /// <summary>At most this many segments in one playback (about 22 h of 4 s segments).</summary>
    public const int MaxSegments = 20_000;

    /// <summary>The plan of [from, to) (for HLS: no sizes needed). The caller has checked that this server is current.</summary>
    public async Task<List<PlannedPiece>> PlanAsync(string deviceId, string dataType, long from, long to, CancellationToken ct)
    {
        var merged = await locator.ListMergedAsync(deviceId, dataType, from, to, MaxSegments + 1, ct);
        if (merged.Count > MaxSegments)
            throw new InvalidRequestException($"The range holds more than {MaxSegments} segments; ask for a shorter one.");
        return PlaybackPlanner.Plan(merged);
    }

    /// <summary>
    /// Peers' segments in the list carry no size (the table keeps intervals only): one call per
    /// holder for the range fills them in; a segment its holder no longer has is left out.
    /// </summary>
    public async Task<List<SegmentDto>> WithSizesAsync(string deviceId, string dataType, long from, long to, List<SegmentDto> merged, CancellationToken ct)
    {
        var sizes = new Dictionary<string, Dictionary<long, SegmentDto>>();
        foreach (var holder in merged.Where(s => s.RecordingServerId != table.LocalServerId).Select(s => s.RecordingServerId).Distinct())
        {
            var address = Address(holder);
            try
            {
                sizes[holder] = await holders.ListLocalAsync(address, deviceId, dataType, from, to, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
            {
                throw new HolderUnavailableException(holder, address, $"Recording server '{holder}' ({address}), which holds part of the range, is unreachable: {e.Message}", e);
            }
        }
        var result = new List<SegmentDto>(merged.Count);
        foreach (var s in merged)
        {
            if (s.RecordingServerId == table.LocalServerId) result.Add(s);
            else if (sizes[s.RecordingServerId].TryGetValue(s.StartUtcMicros, out var held) && held.SizeBytes > 0) result.Add(s with { SizeBytes = held.SizeBytes });
            else log.LogInformation("Playback of {Device}/{DataType}: {Holder} no longer holds {Start}", deviceId, dataType, s.RecordingServerId, s.StartUtcMicros);
        }
        return result;
    }

    /// <summary>The MP4 of [from, to) as a seekable stream of known length; null if nothing is recorded there.</summary>
    public async Task<PlaybackStream?> OpenMp4Async(string deviceId, string dataType, long from, long to, CancellationToken ct)
    {
        var merged = await locator.ListMergedAsync(deviceId, dataType, from, to, MaxSegments + 1, ct);
        if (merged.Count > MaxSegments)
            throw new InvalidRequestException($"The range holds more than {MaxSegments} segments; ask for a shorter one.");
        // The first piece's init is asked for while the holders are asked for sizes: when a peer holds
        // both, that is one round trip before the first byte instead of two.
        var first = PlaybackPlanner.Plan(merged).FirstOrDefault();
        var earlyInit = first is null ? null : InitAsync(deviceId, dataType, first, ct);
        var sources = new List<IPieceSource>();
        var used = new List<PlannedPiece>();
        try
        {
            var withSizes = await WithSizesAsync(deviceId, dataType, from, to, merged, ct);
            // Where each local piece lies, from one range query (a day is up to 20,000 pieces); read
            // after the holders answered, so a segment retention deleted meanwhile is left out.
            var local = (await store.ListAsync(deviceId, dataType, from, to, ct, MaxSegments + 1)).ToDictionary(s => s.StartUtcMicros);
            foreach (var piece in PlaybackPlanner.Plan(withSizes))
            {
                var source = await SourceAsync(deviceId, dataType, piece, local, ct);
                if (source is null) continue; // cut to nothing, or deleted since it was listed
                sources.Add(source);
                used.Add(piece);
            }
        }
        catch
        {
            Forget(earlyInit);
            throw;
        }
        if (used.Count == 0)
        {
            Forget(earlyInit);
            return null;
        }
        byte[] init;
        if (earlyInit is not null && used[0].HolderId == first!.HolderId && used[0].StartUtcMicros == first.StartUtcMicros)
            init = await earlyInit;
        else
        {
            Forget(earlyInit); // the first planned piece is gone since it was listed
            init = await InitAsync(deviceId, dataType, used[0], ct);
        }
        var tracks = InitSegmentReader.TryReadTracks(init) ?? throw new InvalidDataException($"The init segment of {deviceId}/{dataType}/{used[0].StartUtcMicros} cannot be parsed.");
        log.LogInformation("Playback of {Device}/{DataType} [{From}, {To}): {Pieces} pieces ({Trimmed} cut) from {Holders}",
            deviceId, dataType, from, to, used.Count, used.Count(p => p.IsTrimmed), string.Join(", ", used.Select(p => p.HolderId).Distinct()));
        return new PlaybackStream(init, tracks, used[0].StartUtcMicros, sources);
    }

    private async Task<IPieceSource?> SourceAsync(string deviceId, string dataType, PlannedPiece piece, Dictionary<long, SegmentInfo> local, CancellationToken ct)
    {
        if (piece.HolderId == table.LocalServerId)
        {
            if (!local.TryGetValue(piece.StartUtcMicros, out var segment)) return null;
            if (piece.CutUtcMicros is { } cut)
            {
                var bytes = await SegmentParts.ReadTrimmedAsync(store, segment, cut, ct);
                return bytes.Length == 0 ? null : new MemoryPiece(bytes);
            }
            return new LocalPiece(store, segment);
        }
        var address = Address(piece.HolderId);
        if (piece.CutUtcMicros is { } remoteCut)
        {
            var bytes = await Remote(piece, () => holders.ReadPartAsync(address, deviceId, dataType, piece.StartUtcMicros, "fragment", remoteCut, ct));
            return bytes.Length == 0 ? null : new MemoryPiece(bytes);
        }
        return new RemotePiece(holders, address, deviceId, dataType, piece.StartUtcMicros, piece.Segment.SizeBytes);
    }

    /// <summary>An init read ahead that is not needed: its failure, if any, is observed and dropped.</summary>
    private static void Forget(Task<byte[]>? task) =>
        task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private async Task<byte[]> InitAsync(string deviceId, string dataType, PlannedPiece first, CancellationToken ct)
    {
        if (first.HolderId == table.LocalServerId && await store.FindAsync(deviceId, dataType, first.StartUtcMicros, ct) is { } segment)
            return await SegmentParts.ReadAsync(store, segment, SegmentPart.Init, ct);
        var address = Address(first.HolderId);
        return await Remote(first, () => holders.ReadPartAsync(address, deviceId, dataType, first.StartUtcMicros, "init", null, ct));
    }

    private async Task<byte[]> Remote(PlannedPiece piece, Func<Task<byte[]>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new HolderUnavailableException(piece.HolderId, table.Server(piece.HolderId)?.Address,
                $"Recording server '{piece.HolderId}' could not serve its segment starting at {piece.StartUtcMicros}: {e.Message}", e);
        }
    }

    private string Address(string holderId) => table.Server(holderId)?.Address
        ?? throw new HolderUnavailableException(holderId, null, $"The configuration copy has no address for recording server '{holderId}', which holds part of the range.");

    private sealed class LocalPiece(ISegmentStore store, SegmentInfo segment) : IPieceSource
    {
        public long Length => segment.LengthBytes;

        public Task<Stream> OpenAsync(long offset, CancellationToken ct)
        {
            var stream = SegmentParts.Open(store, segment, SegmentPart.Fragment);
            stream.Position = offset;
            return Task.FromResult(stream);
        }
    }

    private sealed class RemotePiece(HolderClient holders, string address, string deviceId, string dataType, long start, long length) : IPieceSource
    {
        public long Length => length;

        public Task<Stream> OpenAsync(long offset, CancellationToken ct) =>
            holders.OpenFragmentRangeAsync(address, deviceId, dataType, start, offset, length, ct);
    }
}
