using System.Buffers.Binary;
using System.Text;

namespace VmsServices.SimCamera.Rtp;

/// <summary>RTCP sender report (RFC 3550 §6.4.1) compounded with an SDES CNAME (§6.5), in interleaved framing.</summary>
public static class RtcpSenderReport
{
    private static readonly DateTime NtpEpoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high 32 bits, binary fraction in the low 32).</summary>
    public static ulong ToNtp(DateTime utc)
    {
        var ticks = (utc.ToUniversalTime() - NtpEpoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    public static DateTime FromNtp(ulong ntp)
    {
        var seconds = (long)(ntp >> 32);
        var fraction = (long)(ntp & 0xFFFFFFFF);
        return NtpEpoch.AddTicks(seconds * TimeSpan.TicksPerSecond + fraction * TimeSpan.TicksPerSecond / (1L << 32));
    }

    /// <summary>Builds '$' channel len | SR | SDES(CNAME).</summary>
    public static byte[] Build(byte channel, uint ssrc, DateTime utc, uint rtpTimestamp, uint packetCount, uint octetCount, string cname)
    {
        var cnameBytes = Encoding.ASCII.GetBytes(cname.Length > 255 ? cname[..255] : cname);
        // SDES chunk: SSRC(4) + type(1) + len(1) + text + at least one null, padded to 32 bits.
        var chunk = 4 + 2 + cnameBytes.Length + 1;
        chunk = (chunk + 3) & ~3;
        var sdesLength = 4 + chunk;
        const int srLength = 28;
        var rtcpLength = srLength + sdesLength;
        var packet = new byte[4 + rtcpLength];
        var s = packet.AsSpan();
        s[0] = (byte)'$';
        s[1] = channel;
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], (ushort)rtcpLength);

        var sr = s.Slice(4, srLength);
        sr[0] = 0x80; // V=2, RC=0
        sr[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(sr[2..], srLength / 4 - 1);
        BinaryPrimitives.WriteUInt32BigEndian(sr[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(sr[8..], ToNtp(utc));
        BinaryPrimitives.WriteUInt32BigEndian(sr[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(sr[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(sr[24..], octetCount);

        var sdes = s.Slice(4 + srLength, sdesLength);
        sdes[0] = 0x81; // V=2, SC=1
        sdes[1] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], (ushort)(sdesLength / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], ssrc);
        sdes[8] = 1; // CNAME
        sdes[9] = (byte)cnameBytes.Length;
        cnameBytes.CopyTo(sdes[10..]);
        // remaining bytes are already zero: end-of-list + padding
        return packet;
    }
}
