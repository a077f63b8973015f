namespace VmsServices.Recording.Storage;

/// <summary>
/// Decides which recording files are due to move to the archive; pure, so it is tested without a
/// clock or a disk. A file is due when it is on the live volume, closed (not open for writing) and
/// its newest segment ended before now − MoveAfter. Oldest first, so a slow archive catches up in order.
/// </summary>
public static class ArchivePolicy
{
    public static bool IsDue(RecordingFileRow file, Func<long, bool> isOpenForWriting, TimeSpan moveAfter, long nowUtcMicros) =>
        file.Volume == StorageVolume.Live
        && !isOpenForWriting(file.Id)
        && (file.LastEndUtcMicros ?? file.CreatedUtcMicros) < nowUtcMicros - moveAfter.Ticks / TimeSpan.TicksPerMicrosecond;

    public static IReadOnlyList<RecordingFileRow> SelectFilesToMove(IReadOnlyList<RecordingFileRow> files, Func<long, bool> isOpenForWriting, TimeSpan moveAfter, long nowUtcMicros) =>
        files.Where(f => IsDue(f, isOpenForWriting, moveAfter, nowUtcMicros))
            .OrderBy(f => f.FirstStartUtcMicros ?? f.CreatedUtcMicros).ThenBy(f => f.Id)
            .ToList();
}
