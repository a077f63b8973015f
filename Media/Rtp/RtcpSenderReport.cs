using System.Buffers.Binary;

namespace VmsServices.Media.Rtp;

/// <summary>
/// The sender-info part of an RTCP Sender Report (RFC 3550 §6.4.1): pairs an NTP wall-clock
/// instant with the RTP timestamp of the same instant, which lets a receiver map media time to UTC.
/// </summary>
public readonly record struct RtcpSenderReport(
    uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int PacketTypeSenderReport = 200;

    /// <summary>Seconds between the NTP epoch (1900-01-01) and the Unix epoch (1970-01-01).</summary>
    private const long NtpToUnixSeconds = 2_208_988_800L;

    /// <summary>The NTP timestamp as microseconds since the Unix epoch (UTC).</summary>
    public long UtcMicros => NtpToUnixMicros(NtpTimestamp);

    /// <summary>
    /// Converts a 64-bit NTP timestamp (32.32 fixed point seconds since 1900, RFC 3550 §4) to Unix
    /// microseconds. Seconds values with the top bit clear are taken to be in NTP era 1 (after
    /// 2036-02-07), as RFC 4330 §3 suggests.
    /// </summary>
    public static long NtpToUnixMicros(ulong ntp)
    {
        long seconds = (long)(ntp >> 32);
        if ((seconds & 0x8000_0000L) == 0)
            seconds += 1L << 32;
        ulong fraction = ntp & 0xFFFF_FFFFUL;
        long micros = (long)((fraction * 1_000_000UL) >> 32);
        return (seconds - NtpToUnixSeconds) * 1_000_000L + micros;
    }

    /// <summary>
    /// Scans a compound RTCP packet (RFC 3550 §6.1) for the first Sender Report. Never throws:
    /// malformed packets (wrong version, lengths overrunning the buffer) yield false.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> compound, out RtcpSenderReport report)
    {
        report = default;
        int offset = 0;
        while (offset + 4 <= compound.Length)
        {
            ReadOnlySpan<byte> p = compound[offset..];
            if (p[0] >> 6 != 2)
                return false;
            int packetType = p[1];
            // §6.4.1 "length": packet length in 32-bit words minus one, header included.
            int length = (BinaryPrimitives.ReadUInt16BigEndian(p.Slice(2, 2)) + 1) * 4;
            if (length > p.Length)
                return false;
            if (packetType == PacketTypeSenderReport && length >= 28)
            {
                report = new RtcpSenderReport(
                    BinaryPrimitives.ReadUInt32BigEndian(p.Slice(4, 4)),
                    BinaryPrimitives.ReadUInt64BigEndian(p.Slice(8, 8)),
                    BinaryPrimitives.ReadUInt32BigEndian(p.Slice(16, 4)),
                    BinaryPrimitives.ReadUInt32BigEndian(p.Slice(20, 4)),
                    BinaryPrimitives.ReadUInt32BigEndian(p.Slice(24, 4)));
                return true;
            }
            offset += length;
        }
        return false;
    }
}
