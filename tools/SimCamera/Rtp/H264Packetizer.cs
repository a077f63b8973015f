using System.Buffers.Binary;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Rtp;

/// <summary>
/// The RTP packets of one access unit, pre-built once at load time in RTSP interleaved framing
/// (RFC 2326 §10.12: '$', channel 0, 16-bit length, RTP packet). Sequence number, timestamp and SSRC are left
/// zero and patched per mount when the frame goes out (<see cref="PacketizedLoop.WriteFrame"/>).
/// </summary>
public sealed class PacketizedFrame
{
    internal PacketizedFrame(byte[] data, int[] packetOffsets, bool isKeyFrame)
    {
        Data = data;
        PacketOffsets = packetOffsets;
        IsKeyFrame = isKeyFrame;
    }

    /// <summary>All packets of the frame, each prefixed by its 4-byte interleaved header.</summary>
    public byte[] Data { get; }
    /// <summary>Offset in <see cref="Data"/> of each packet's interleaved header ('$').</summary>
    public int[] PacketOffsets { get; }
    public int PacketCount => PacketOffsets.Length;
    public bool IsKeyFrame { get; }

    /// <summary>The RTP packet <paramref name="index"/> (header + payload, without the interleaved prefix).</summary>
    public ReadOnlyMemory<byte> GetRtpPacket(int index)
    {
        var offset = PacketOffsets[index];
        var length = BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(offset + 2));
        return Data.AsMemory(offset + InterleavedHeaderSize, length);
    }

    internal const int InterleavedHeaderSize = 4;
}

/// <summary>
/// RFC 6184 packetizer (packetization-mode=1): a NAL unit that fits in <see cref="MaxPayloadSize"/> goes as a single
/// NAL unit packet (§5.6), larger ones are split into FU-A fragments (§5.8). The marker bit is set on the last
/// packet of the access unit. IDR access units that do not carry SPS/PPS get them prepended, like cameras do.
/// </summary>
public sealed class H264Packetizer
{
    public const int RtpHeaderSize = 12;

    public H264Packetizer(int maxPayloadSize = 1400, byte payloadType = 96)
    {
        if (maxPayloadSize < 16 || maxPayloadSize > ushort.MaxValue - RtpHeaderSize)
            throw new ArgumentOutOfRangeException(nameof(maxPayloadSize));
        if (payloadType > 127) throw new ArgumentOutOfRangeException(nameof(payloadType));
        MaxPayloadSize = maxPayloadSize;
        PayloadType = payloadType;
    }

    /// <summary>Largest RTP payload (bytes after the 12-byte RTP header).</summary>
    public int MaxPayloadSize { get; }
    public byte PayloadType { get; }

    public PacketizedFrame Packetize(AccessUnit accessUnit, byte[]? sps = null, byte[]? pps = null)
    {
        var nals = new List<ReadOnlyMemory<byte>>(accessUnit.NalUnits.Count + 2);
        if (accessUnit.IsIdr)
        {
            if (!accessUnit.HasSps && sps is not null) nals.Add(sps);
            if (!accessUnit.HasPps && pps is not null) nals.Add(pps);
        }
        foreach (var nal in accessUnit.NalUnits)
            if (!nal.IsEmpty) nals.Add(nal);
        if (nals.Count == 0) throw new ArgumentException("Access unit without NAL units.", nameof(accessUnit));

        // Pass 1: sizes.
        var packetSizes = new List<int>();
        foreach (var nal in nals)
        {
            if (nal.Length <= MaxPayloadSize)
            {
                packetSizes.Add(nal.Length);
                continue;
            }
            var remaining = nal.Length - 1; // the NAL header travels in the FU indicator/header
            var chunk = MaxPayloadSize - 2;
            while (remaining > 0)
            {
                var take = Math.Min(chunk, remaining);
                packetSizes.Add(2 + take);
                remaining -= take;
            }
        }
        var total = 0;
        foreach (var size in packetSizes) total += PacketizedFrame.InterleavedHeaderSize + RtpHeaderSize + size;
        var data = new byte[total];
        var offsets = new int[packetSizes.Count];

        // Pass 2: write.
        var pos = 0;
        var packetIndex = 0;
        void BeginPacket(int payloadLength, bool last)
        {
            offsets[packetIndex++] = pos;
            var span = data.AsSpan(pos);
            span[0] = (byte)'$';
            span[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)(RtpHeaderSize + payloadLength));
            span[4] = 0x80; // V=2, P=0, X=0, CC=0
            span[5] = (byte)((last ? 0x80 : 0) | PayloadType);
            // seq (6..7), timestamp (8..11), SSRC (12..15) are patched when sent.
            pos += PacketizedFrame.InterleavedHeaderSize + RtpHeaderSize;
        }

        for (var n = 0; n < nals.Count; n++)
        {
            var nal = nals[n].Span;
            var lastNal = n == nals.Count - 1;
            if (nal.Length <= MaxPayloadSize)
            {
                BeginPacket(nal.Length, lastNal);
                nal.CopyTo(data.AsSpan(pos));
                pos += nal.Length;
                continue;
            }
            var indicator = (byte)((nal[0] & 0xE0) | H264NalType.FuA);
            var type = (byte)(nal[0] & 0x1F);
            var body = nal[1..];
            var chunk = MaxPayloadSize - 2;
            var first = true;
            while (!body.IsEmpty)
            {
                var take = Math.Min(chunk, body.Length);
                var end = take == body.Length;
                BeginPacket(2 + take, lastNal && end);
                data[pos++] = indicator;
                data[pos++] = (byte)((first ? 0x80 : 0) | (end ? 0x40 : 0) | type);
                body[..take].CopyTo(data.AsSpan(pos));
                pos += take;
                body = body[take..];
                first = false;
            }
        }
        return new PacketizedFrame(data, offsets, accessUnit.IsIdr);
    }
}
