using System.Buffers.Binary;
using VmsServices.Media.Rtp;

namespace VmsServices.Media.Tests.Rtp;

/// <summary>Builds RTP packets and drives a receiver, copying emitted samples.</summary>
internal static class RtpTestPackets
{
    public static byte[] RtpBytes(ushort seq, uint timestamp, bool marker, ReadOnlySpan<byte> payload, int payloadType = 96, uint ssrc = 0x11223344)
    {
        var p = new byte[12 + payload.Length];
        p[0] = 0x80;
        p[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), ssrc);
        payload.CopyTo(p.AsSpan(12));
        return p;
    }

    public static byte[] SenderReport(uint ssrc, ulong ntp, uint rtpTimestamp)
    {
        var p = new byte[28];
        p[0] = 0x80;
        p[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(p.AsSpan(8), ntp);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(20), 10);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(24), 1000);
        return p;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Be16(int v) => [(byte)(v >> 8), (byte)v];

    /// <summary>AVCC/HVCC form of the given NAL units.</summary>
    public static byte[] LengthPrefixed(params byte[][] nals) =>
        nals.SelectMany(n => Concat([(byte)(n.Length >> 24), (byte)(n.Length >> 16), (byte)(n.Length >> 8), (byte)n.Length], n)).ToArray();

    public sealed record Sample(int Track, long Timestamp, long? Utc, bool Key, byte[] Data);

    public static List<Sample> Feed(RtpTrackReceiver receiver, params byte[][] packets)
    {
        var samples = new List<Sample>();
        foreach (byte[] packet in packets)
        {
            receiver.ProcessRtp(packet);
            for (int i = 0; i < receiver.ReadyCount; i++)
            {
                MediaSample s = receiver.GetReady(i);
                samples.Add(new Sample(s.TrackIndex, s.RtpTimestamp, s.CaptureUtcMicros, s.IsKeyFrame, s.Data.ToArray()));
            }
        }
        return samples;
    }
}
