using VmsServices.Recording.Api;
using VmsServices.Recording.Association;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Serving;

/// <summary>
/// Step 504 of seed 000 FIG. 5: which recording server holds a segment or an instant of a device,
/// this server included. Its own segments come from its catalog (505), peers' from the
/// association table (fields 701, 703, 715).
/// </summary>
public sealed class SegmentLocator(ISegmentStore store, AssociationTable table)
{
    /// <summary>Who holds instant <paramref name="instantUtcMicros"/> of (device, data type), or null if nobody is known to.</summary>
    public async Task<SegmentLocation?> WhoHoldsAsync(string deviceId, string dataType, long instantUtcMicros, CancellationToken ct)
    {
        var local = await store.ListAsync(deviceId, dataType, instantUtcMicros, instantUtcMicros + 1, ct);
        if (local.Count > 0) return new SegmentLocation(table.LocalServerId, local[0].StartUtcMicros, local[0].EndUtcMicros);
        return table.TryFindInstant(deviceId, dataType, instantUtcMicros, out var remote) ? remote : null;
    }

    /// <summary>
    /// The segments of all holders overlapping [from, to), in start order, at most <paramref name="limit"/>
    /// (FIG. 4: the current server answers for every server holding the device). Local ones carry
    /// their size and gap flag; a peer's carry what the table keeps, their interval (field 715), with
    /// size 0 and AfterGap computed from the merged timeline (true when the previous one ends earlier).
    /// </summary>
    public async Task<List<SegmentDto>> ListMergedAsync(string deviceId, string dataType, long from, long to, int limit, CancellationToken ct)
    {
        var local = await store.ListAsync(deviceId, dataType, from, to, ct, limit);
        var remote = table.ListRemote(deviceId, dataType, from, to, limit);
        var merged = new List<SegmentDto>(Math.Min(limit, local.Count + remote.Count));
        int l = 0, r = 0;
        long? previousEnd = null;
        while (merged.Count < limit && (l < local.Count || r < remote.Count))
        {
            SegmentDto next;
            if (r >= remote.Count || l < local.Count && local[l].StartUtcMicros <= remote[r].StartUtcMicros)
            {
                var s = local[l++];
                if (r < remote.Count && remote[r].StartUtcMicros == s.StartUtcMicros) r++; // one identity, one holder: ours wins
                next = new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes, s.Flags.HasFlag(SegmentFlags.AfterGap), table.LocalServerId);
            }
            else
            {
                var s = remote[r++];
                next = new SegmentDto(s.StartUtcMicros, s.EndUtcMicros, 0, previousEnd is { } end && s.StartUtcMicros > end, s.RecordingServerId);
            }
            merged.Add(next);
            previousEnd = next.EndUtcMicros;
        }
        return merged;
    }
}
