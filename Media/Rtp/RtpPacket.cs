using System.Buffers.Binary;

namespace VmsServices.Media.Rtp;

/// <summary>
/// A parsed RTP fixed header (RFC 3550 §5.1). The payload is located by
/// <see cref="PayloadOffset"/>/<see cref="PayloadLength"/> inside the buffer that was parsed,
/// with CSRC list, header extension (§5.3.1) and padding (§5.1 "P") already excluded.
/// </summary>
public readonly struct RtpPacket
{
    public const int FixedHeaderLength = 12;

    public int Version { get; init; }
    public bool Padding { get; init; }
    public bool Extension { get; init; }
    public int CsrcCount { get; init; }
    public bool Marker { get; init; }
    public int PayloadType { get; init; }
    public ushort SequenceNumber { get; init; }
    public uint Timestamp { get; init; }
    public uint Ssrc { get; init; }
    public int PayloadOffset { get; init; }
    public int PayloadLength { get; init; }

    /// <summary>
    /// Parses and validates an RTP packet. Never throws: returns false for anything that is not a
    /// well-formed version-2 packet (short buffer, CSRC/extension/padding overrunning the packet).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength)
            return false;

        byte b0 = data[0];
        int version = b0 >> 6;
        if (version != 2)
            return false;
        bool padding = (b0 & 0x20) != 0;
        bool extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        byte b1 = data[1];

        int offset = FixedHeaderLength + csrcCount * 4;
        if (offset > data.Length)
            return false;

        if (extension)
        {
            // §5.3.1: 16-bit profile-defined field, 16-bit length in 32-bit words (excluding this header).
            if (offset + 4 > data.Length)
                return false;
            int words = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset + 2, 2));
            offset += 4 + words * 4;
            if (offset > data.Length)
                return false;
        }

        int end = data.Length;
        if (padding)
        {
            // §5.1: the last octet of the padding counts how many padding octets (itself included).
            int pad = data[end - 1];
            if (pad == 0 || end - pad < offset)
                return false;
            end -= pad;
        }

        packet = new RtpPacket
        {
            Version = version,
            Padding = padding,
            Extension = extension,
            CsrcCount = csrcCount,
            Marker = (b1 & 0x80) != 0,
            PayloadType = b1 & 0x7F,
            SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2, 2)),
            Timestamp = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4)),
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8, 4)),
            PayloadOffset = offset,
            PayloadLength = end - offset,
        };
        return true;
    }
}
