namespace VmsServices.Recording.Storage;

/// <summary>Segments, bytes (init segments included) and time span of a set of recording files.</summary>
public sealed record TierStats(long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros)
{
    public static readonly TierStats Empty = new(0, 0, null, null);

    public static TierStats Of(IEnumerable<RecordingFileRow> files)
    {
        long segments = 0, bytes = 0;
        long? oldest = null, newest = null;
        foreach (var f in files)
        {
            segments += f.SegmentCount;
            bytes += f.LengthBytes;
            if (f.FirstStartUtcMicros is { } first && (oldest is null || first < oldest)) oldest = first;
            if (f.LastEndUtcMicros is { } last && (newest is null || last > newest)) newest = last;
        }
        return new(segments, bytes, oldest, newest);
    }
}

/// <summary>
/// What a device and data type hold on this server (GET /api/storage): the totals as before, and
/// per tier: <see cref="Live"/>, <see cref="Archived"/>, and <see cref="Pending"/> (live files due
/// to move to the archive but not moved yet; part of Live).
/// </summary>
public sealed record DeviceStorageReport(
    string DeviceId, string DataType, long SegmentCount, long SizeBytes, long? OldestUtcMicros, long? NewestUtcMicros,
    TierStats Live, TierStats Archived, TierStats Pending)
{
    /// <summary>Builds the report from the file table (small: one row per recording file, aggregates included).</summary>
    public static IReadOnlyList<DeviceStorageReport> Build(IEnumerable<RecordingFileRow> files, Func<RecordingFileRow, bool> isDue) =>
        files.Where(f => f.SegmentCount > 0)
            .GroupBy(f => (f.DeviceId, f.DataType))
            .OrderBy(g => g.Key.DeviceId, StringComparer.Ordinal).ThenBy(g => g.Key.DataType, StringComparer.Ordinal)
            .Select(g =>
            {
                var total = TierStats.Of(g);
                return new DeviceStorageReport(g.Key.DeviceId, g.Key.DataType, total.SegmentCount, total.SizeBytes, total.OldestUtcMicros, total.NewestUtcMicros,
                    TierStats.Of(g.Where(f => f.Volume == StorageVolume.Live)),
                    TierStats.Of(g.Where(f => f.Volume == StorageVolume.Archive)),
                    TierStats.Of(g.Where(isDue)));
            })
            .ToList();
}
