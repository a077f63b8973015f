namespace VmsServices.Recording.Storage;

/// <summary>Settings of the "Recording:Retention" configuration section.</summary>
public sealed class RetentionSettings
{
    public const string Section = "Recording:Retention";

    /// <summary>How often retention runs (it also runs on demand, e.g. when a write hit a full disk).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Recordings older than this are deleted (whole files: a file goes once all its segments are older).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Per-device override of <see cref="MaxAge"/>: <c>Recording:Retention:DeviceMaxAge:&lt;deviceId&gt;</c>.</summary>
    public Dictionary<string, TimeSpan> DeviceMaxAge { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Free-space floor of the media volume: below it the oldest files are deleted, whatever their age.</summary>
    public long MinFreeBytes { get; set; } = 5L << 30;

    public TimeSpan MaxAgeOf(string deviceId) => DeviceMaxAge.TryGetValue(deviceId, out var age) ? age : MaxAge;
}

/// <summary>
/// Free space of the media volume. Injectable so tests (and a future quota per volume) can
/// simulate a full disk without filling one.
/// </summary>
public interface IFreeSpaceProbe
{
    long AvailableFreeBytes(string directory);
}

/// <summary>The real probe: <see cref="DriveInfo.AvailableFreeSpace"/> of the volume holding the directory (statvfs f_bavail on Linux).</summary>
public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    public long AvailableFreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
}
