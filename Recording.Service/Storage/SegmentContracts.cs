using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Storage;

/// <summary>Per-segment flags stored in the catalog.</summary>
[Flags]
public enum SegmentFlags
{
    None = 0,
    /// <summary>Recording was interrupted before this segment (camera drop, reconnect, restart): a gap, never papered over.</summary>
    AfterGap = 1,
}

/// <summary>
/// A committed segment (seed 000 [0042]): its identity is (device, data type, [start, end)) in UTC
/// microseconds; where its bytes are: a fragment (moof+mdat) at Offset in a recording file that
/// starts with an init segment (ftyp+moov) of InitLengthBytes.
/// </summary>
public sealed record SegmentInfo(
    string DeviceId,
    string DataType,
    long StartUtcMicros,
    long EndUtcMicros,
    long FileId,
    long OffsetBytes,
    long LengthBytes,
    SegmentFlags Flags);

/// <summary>
/// Appends segments to one recording file. Obtained from <see cref="ISegmentStore.OpenFileAsync"/>; one writer per file,
/// used by one recorder task at a time.
/// </summary>
public interface IRecordingFileWriter : IAsyncDisposable
{
    long FileId { get; }

    /// <summary>Bytes in the file so far (init segment + appended fragments).</summary>
    long LengthBytes { get; }

    /// <summary>
    /// Appends one fragment (moof+mdat) and commits it: the bytes are written and fsync'ed, then the
    /// catalog row is committed. When this returns, the segment survives kill -9 and power loss.
    /// Throws <see cref="StorageFullException"/> when the volume is full (the file is left as it was).
    /// </summary>
    Task<SegmentInfo> AppendSegmentAsync(FragmentBytes fragment, long startUtcMicros, long endUtcMicros, SegmentFlags flags, CancellationToken ct);

    /// <summary>
    /// Appends several fragments in order and commits them together: all bytes are written, ONE fsync,
    /// then all rows in one catalog transaction (for a writer that has many segments at hand, e.g. an
    /// archiving server; a recorder has one at a time). All or none: on failure the file is as before.
    /// </summary>
    Task<IReadOnlyList<SegmentInfo>> AppendSegmentsAsync(IReadOnlyList<FragmentToAppend> fragments, CancellationToken ct);
}

/// <summary>One fragment (moof+mdat) to append, with its segment's interval and flags.</summary>
public readonly record struct FragmentToAppend(FragmentBytes Fragment, long StartUtcMicros, long EndUtcMicros, SegmentFlags Flags);

/// <summary>The segment store of one recording server: files on the media volume plus the catalog (seed 000 [0041]).</summary>
public interface ISegmentStore
{
    /// <summary>Starts a new recording file for a device and data type, beginning with the given init segment.</summary>
    Task<IRecordingFileWriter> OpenFileAsync(string deviceId, string dataType, long startUtcMicros, ReadOnlyMemory<byte> initSegment, CancellationToken ct);

    /// <summary>Segments overlapping [fromUtcMicros, toUtcMicros), ordered by start.</summary>
    Task<IReadOnlyList<SegmentInfo>> ListAsync(string deviceId, string dataType, long fromUtcMicros, long toUtcMicros, CancellationToken ct, int limit = int.MaxValue);

    /// <summary>Raised after segments were committed (batches may be coalesced by the subscriber).</summary>
    event Action<SegmentInfo>? SegmentCommitted;

    // Read side, added with the store. Default bodies keep existing test doubles compiling.

    /// <summary>The segment starting exactly at <paramref name="startUtcMicros"/> (its identity), or null.</summary>
    Task<SegmentInfo?> FindAsync(string deviceId, string dataType, long startUtcMicros, CancellationToken ct) =>
        throw new NotSupportedException();

    /// <summary>The newest segment of a device and data type on this server, or null (an index seek, not a scan).</summary>
    async Task<SegmentInfo?> LastSegmentAsync(string deviceId, string dataType, CancellationToken ct) =>
        (await ListAsync(deviceId, dataType, long.MinValue, long.MaxValue, ct)).LastOrDefault();

    /// <summary>A read-only, seekable stream of the segment as a standalone fMP4 (its file's init segment + its fragment).</summary>
    Stream OpenSegment(SegmentInfo segment) => throw new NotSupportedException();

    /// <summary>Devices and data types holding at least one segment.</summary>
    Task<IReadOnlyList<(string DeviceId, string DataType)>> ListDevicesAsync(CancellationToken ct = default) =>
        throw new NotSupportedException();
}

/// <summary>The media volume has no room for the write; the recorder drops the segment, keeps running and retries later.</summary>
public sealed class StorageFullException(string message, Exception? inner = null) : IOException(message, inner);
