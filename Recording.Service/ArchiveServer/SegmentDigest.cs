using System.Security.Cryptography;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// The checksum that makes archiving safe: SHA-256 of a segment's standalone MP4 (its file's init
/// segment + its fragment, what <c>GET .../segments/{start}</c> answers). A holder sends it when asked
/// with RFC 9530's <c>Want-Repr-Digest: sha-256=...</c>, as <c>Repr-Digest: sha-256=:base64:</c>,
/// computed on read (the catalog keeps none). The archiving server checks the bytes it received
/// against it, and the source checks its own bytes against the archive's before deleting.
/// </summary>
public static class SegmentDigest
{
    public const string WantHeader = "Want-Repr-Digest";
    public const string Header = "Repr-Digest";

    /// <summary>What an archiving server asks for (RFC 9530 §4: algorithm and preference).</summary>
    public const string WantSha256 = "sha-256=10";

    private const string Prefix = "sha-256=:";

    public static bool IsWanted(HttpRequest request) =>
        request.Headers[WantHeader].Any(v => v is not null && v.Contains("sha-256", StringComparison.OrdinalIgnoreCase));

    public static string Format(byte[] sha256) => Prefix + Convert.ToBase64String(sha256) + ":";

    /// <summary>The SHA-256 of a <c>Repr-Digest</c> field value (other algorithms in the list are ignored); false when it carries none.</summary>
    public static bool TryParse(string? header, out byte[] sha256)
    {
        sha256 = [];
        foreach (var member in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
        {
            if (!member.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !member.EndsWith(':') || member.Length <= Prefix.Length) continue;
            try
            {
                var bytes = Convert.FromBase64String(member[Prefix.Length..^1]);
                if (bytes.Length != SHA256.HashSizeInBytes) return false;
                sha256 = bytes;
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Hashes a seekable stream from its start and rewinds it, so it can be served afterwards.</summary>
    public static async Task<byte[]> OfStreamAsync(Stream stream, CancellationToken ct)
    {
        stream.Position = 0;
        var hash = await SHA256.HashDataAsync(stream, ct);
        stream.Position = 0;
        return hash;
    }

    /// <summary>The checksum of a segment this server holds, read from its store.</summary>
    public static async Task<string> OfStoredAsync(ISegmentStore store, SegmentInfo segment, CancellationToken ct)
    {
        await using var stream = store.OpenSegment(segment);
        return Hex(await SHA256.HashDataAsync(stream, ct));
    }

    public static string Hex(byte[] sha256) => Convert.ToHexStringLower(sha256);
}
