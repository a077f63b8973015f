namespace VmsServices.Recording.Storage;

/// <summary>
/// Decides which recording files to delete; pure, so it is tested without a clock or a disk.
/// Whole files only (never rewritten). Two rules, oldest first:
/// 1. age: a file whose newest segment ended before now - MaxAge(device);
/// 2. free space: while the volume is under MinFreeBytes, the oldest remaining files of any device.
/// Files open for writing are never chosen.
/// </summary>
public static class RetentionPolicy
{
    public static IReadOnlyList<long> SelectFilesToDelete(
        IReadOnlyList<RecordingFileRow> files, Func<long, bool> isOpenForWriting, RetentionSettings settings, long nowUtcMicros, long freeBytes)
    {
        var chosen = new List<long>();
        var remaining = new List<RecordingFileRow>();
        foreach (var f in files.Where(f => !isOpenForWriting(f.Id)).OrderBy(OldestUtcMicros).ThenBy(f => f.Id))
        {
            var limitUtcMicros = nowUtcMicros - settings.MaxAgeOf(f.DeviceId).Ticks / TimeSpan.TicksPerMicrosecond;
            if (NewestUtcMicros(f) < limitUtcMicros)
            {
                chosen.Add(f.Id);
                freeBytes = SaturatingAdd(freeBytes, f.LengthBytes);
            }
            else
            {
                remaining.Add(f);
            }
        }
        foreach (var f in remaining)
        {
            if (freeBytes >= settings.MinFreeBytes) break;
            chosen.Add(f.Id);
            freeBytes = SaturatingAdd(freeBytes, f.LengthBytes);
        }
        return chosen;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long OldestUtcMicros(RecordingFileRow f) => f.FirstStartUtcMicros ?? f.CreatedUtcMicros;

    // An empty file (its writer is closed, or it would be skipped) is as old as its creation.
    private static long NewestUtcMicros(RecordingFileRow f) => f.LastEndUtcMicros ?? f.CreatedUtcMicros;
}
