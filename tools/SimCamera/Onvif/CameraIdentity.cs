using System.Security.Cryptography;
using System.Text;

namespace VmsServices.SimCamera.Onvif;

/// <summary>
/// What makes one mount a distinct ONVIF device: its WS-Discovery EndpointReference and serial number. Both are
/// derived from a seed and the mount index only, so a restarted simulator is recognized as the same devices.
/// </summary>
internal sealed record CameraIdentity(int Index, Guid Uuid, string SerialNumber)
{
    // Namespace of the name-based UUIDs (RFC 9562 §5.5); any fixed value works, it only has to never change.
    private static readonly Guid UuidNamespace = new("6a1c9e2f-4b7d-4f0e-9d3a-2c5b8e1f7a40");

    /// <summary><c>urn:uuid:…</c>: the EndpointReference address used in discovery (WS-Discovery 2005/04 §2.6).</summary>
    public string EndpointReference => "urn:uuid:" + Uuid.ToString("D");

    public static CameraIdentity Create(string seed, int index)
    {
        var uuid = NameBasedUuid(UuidNamespace, $"{seed}/cam{index}");
        return new CameraIdentity(index, uuid, "SC" + uuid.ToString("N")[..10].ToUpperInvariant());
    }

    /// <summary>Version-5 (SHA-1, name-based) UUID, RFC 9562 §5.5.</summary>
    internal static Guid NameBasedUuid(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
