using System.Globalization;
using VmsServices.Hosting;

namespace VmsServices.Recording.Storage;

/// <summary>
/// Where things live on the media volume:
/// <c>&lt;DataDirectory&gt;/catalog.db</c> and
/// <c>&lt;DataDirectory&gt;/media/&lt;deviceId&gt;/&lt;dataType&gt;/&lt;yyyyMMdd&gt;/&lt;HHmmss&gt;-&lt;fileId&gt;.mp4</c>.
/// Paths are built only from validated ids and numbers, and checked to stay under the media root,
/// so no id can ever name a file outside it. The catalog stores paths relative to the media root
/// with '/' separators, so a volume can be moved or mounted elsewhere.
/// </summary>
public sealed class MediaLayout
{
    public MediaLayout(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        MediaRoot = Path.Combine(DataDirectory, "media");
    }

    public string DataDirectory { get; }
    public string MediaRoot { get; }
    public string CatalogPath => Path.Combine(DataDirectory, "catalog.db");

    /// <summary>Relative path of a new recording file, named by the UTC time of its first segment.</summary>
    public static string RelativeFilePath(string deviceId, string dataType, long startUtcMicros, long fileId)
    {
        RequireId(deviceId, nameof(deviceId));
        RequireId(dataType, nameof(dataType));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileId);
        var start = UtcMicros.ToDateTimeOffset(startUtcMicros).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{deviceId}/{dataType}/{start:yyyyMMdd}/{start:HHmmss}-{fileId}.mp4");
    }

    /// <summary>Absolute path of a catalog-relative path; throws if it would leave the media root.</summary>
    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(MediaRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(MediaRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"Path '{relativePath}' is outside the media root.");
        return full;
    }

    /// <summary>Catalog-relative form of an absolute path under the media root.</summary>
    public string RelativePath(string fullPath) => Path.GetRelativePath(MediaRoot, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    public static void RequireId(string id, string name)
    {
        if (!Ids.IsValid(id)) throw new ArgumentException($"'{id}' is not a valid id: {Ids.Rule}.", name);
    }
}
