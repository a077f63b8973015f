using System.Globalization;
using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>
/// Where things live on the media volumes:
/// <c>&lt;DataDirectory&gt;/catalog.db</c>,
/// <c>&lt;DataDirectory&gt;/media/&lt;deviceId&gt;/&lt;dataType&gt;/&lt;yyyyMMdd&gt;/&lt;HHmmss&gt;-&lt;fileId&gt;.mp4</c>
/// on the live volume and the same relative path under <c>&lt;ArchiveDirectory&gt;/media/</c> on the
/// archive volume. A file keeps its relative path when it moves, so (volume, relative path) names it.
/// Paths are built only from validated ids and numbers, and checked to stay under their media root,
/// so no id can ever name a file outside it. The catalog stores paths relative to the media root
/// with '/' separators, so a volume can be moved or mounted elsewhere.
/// </summary>
public sealed class MediaLayout
{
    /// <summary>Suffix of a copy in progress on the archive volume; reconciliation deletes any it finds.</summary>
    public const string TransferSuffix = ".moving";

    public MediaLayout(string dataDirectory, string? archiveDirectory = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        MediaRoot = Path.Combine(DataDirectory, "media");
        if (string.IsNullOrWhiteSpace(archiveDirectory)) return;
        ArchiveDirectory = Path.GetFullPath(archiveDirectory);
        ArchiveRoot = Path.Combine(ArchiveDirectory, "media");
        // Each volume's orphan scan deletes files the catalog does not list on THAT volume: nested
        // roots would make one volume's scan delete the other's files.
        if (IsSameOrUnder(ArchiveRoot, MediaRoot) || IsSameOrUnder(MediaRoot, ArchiveRoot))
            throw new ArgumentException($"The archive directory '{ArchiveDirectory}' must not be the data directory '{DataDirectory}' or overlap its media root.", nameof(archiveDirectory));
    }

    public string DataDirectory { get; }
    public string MediaRoot { get; }
    public string CatalogPath => Path.Combine(DataDirectory, "catalog.db");

    /// <summary>The archive volume's directory (<c>Recording:Archive:Path</c>), or null when none is configured.</summary>
    public string? ArchiveDirectory { get; }
    public string? ArchiveRoot { get; }
    public bool HasArchive => ArchiveRoot is not null;

    /// <summary>The configured volumes, live first.</summary>
    public IReadOnlyList<StorageVolume> Volumes => HasArchive ? [StorageVolume.Live, StorageVolume.Archive] : [StorageVolume.Live];

    /// <summary>Media root of a volume, or null if that volume is not configured.</summary>
    public string? RootOf(StorageVolume volume) => volume switch
    {
        StorageVolume.Live => MediaRoot,
        StorageVolume.Archive => ArchiveRoot,
        _ => null,
    };

    /// <summary>The directory whose file system holds a volume (for its free space), or null if not configured.</summary>
    public string? DirectoryOf(StorageVolume volume) => volume == StorageVolume.Live ? DataDirectory : volume == StorageVolume.Archive ? ArchiveDirectory : null;

    /// <summary>Relative path of a new recording file, named by the UTC time of its first segment.</summary>
    public static string RelativeFilePath(string deviceId, string dataType, long startUtcMicros, long fileId)
    {
        RequireId(deviceId, nameof(deviceId));
        RequireId(dataType, nameof(dataType));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileId);
        var start = UtcMicros.ToDateTimeOffset(startUtcMicros).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{deviceId}/{dataType}/{start:yyyyMMdd}/{start:HHmmss}-{fileId}.mp4");
    }

    /// <summary>Absolute path of a catalog-relative path on the live volume; throws if it would leave the media root.</summary>
    public string FullPath(string relativePath) => FullPath(StorageVolume.Live, relativePath);

    /// <summary>Absolute path of a catalog-relative path on a volume; throws if the volume is not configured or the path would leave its root.</summary>
    public string FullPath(StorageVolume volume, string relativePath)
    {
        var root = RootOf(volume) ?? throw new InvalidOperationException($"The {volume} volume is not configured (Recording:Archive:Path).");
        var full = Path.GetFullPath(Path.Combine(root, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"Path '{relativePath}' is outside the media root.");
        return full;
    }

    /// <summary>Catalog-relative form of an absolute path under the live media root.</summary>
    public string RelativePath(string fullPath) => RelativePath(StorageVolume.Live, fullPath);

    /// <summary>Catalog-relative form of an absolute path under a volume's media root.</summary>
    public string RelativePath(StorageVolume volume, string fullPath) =>
        Path.GetRelativePath(RootOf(volume) ?? throw new InvalidOperationException($"The {volume} volume is not configured."), fullPath)
            .Replace(Path.DirectorySeparatorChar, '/');

    public static void RequireId(string id, string name)
    {
        if (!Ids.IsValid(id)) throw new ArgumentException($"'{id}' is not a valid id: {Ids.Rule}.", name);
    }

    private static bool IsSameOrUnder(string path, string root) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
