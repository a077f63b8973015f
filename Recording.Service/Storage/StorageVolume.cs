namespace VmsServices.Recording.Storage;

/// <summary>
/// The storage tier a recording file is on (the <c>volume</c> column of <c>recording_files</c>).
/// Recording always writes to <see cref="Live"/>; the archive mover copies closed, old files to
/// <see cref="Archive"/> (another disk, a mounted NAS path). The underlying type is long because
/// SQLite hands integers back as Int64 and Dapper maps them onto an enum of the same width.
/// </summary>
public enum StorageVolume : long
{
    Live = 0,
    Archive = 1,
}
