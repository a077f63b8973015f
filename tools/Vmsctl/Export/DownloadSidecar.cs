using System.Text.Json;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Export;

/// <summary>
/// What a resumed export must match, kept next to the partial file (<c>out.mp4.part.json</c>):
/// the exact source (device, range, data type, server), the total length the server announced, and
/// its validators (ETag, Last-Modified) when it sent any. It is written before the first byte of
/// the .part, so a .part never exists without the sidecar that says what it is part of.
/// </summary>
public sealed record DownloadSidecar(
    string Source,
    string DeviceId,
    string DataType,
    long FromUtcMicros,
    long ToUtcMicros,
    long TotalBytes,
    string? ETag,
    string? LastModified)
{
    /// <summary>The sidecar, or null when there is none or it cannot be read (then the .part is not trusted).</summary>
    public static DownloadSidecar? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<DownloadSidecar>(File.ReadAllText(path), ApiJson.Options) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Write-then-rename, so a crash leaves the old sidecar or the new one, never half of one.</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, ApiJson.Indented));
        File.Move(temp, path, overwrite: true);
    }
}
