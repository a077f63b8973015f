using System.Buffers.Binary;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Rtp;

/// <summary>
/// A whole <see cref="H264Loop"/> packetized once. The stream a mount sends is an endless repetition of it:
/// global frame <c>g</c> is loop frame <c>g % FrameCount</c>; its RTP timestamp is <c>g·90000/fps</c> and the
/// sequence numbers of its packets continue across loop iterations, so both are pure functions of <c>g</c>
/// (plus the mount's random bases) and nothing has to be re-encoded or re-packetized while serving.
/// </summary>
public sealed class PacketizedLoop
{
    public const int ClockRate = 90000;

    public PacketizedLoop(H264Loop loop, H264Packetizer? packetizer = null)
    {
        packetizer ??= new H264Packetizer();
        Loop = loop;
        PayloadType = packetizer.PayloadType;
        var frames = new PacketizedFrame[loop.AccessUnits.Count];
        FirstPacketIndex = new int[frames.Length];
        PayloadBytes = new int[frames.Length];
        var packets = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = packetizer.Packetize(loop.AccessUnits[i], loop.Sps, loop.Pps);
            FirstPacketIndex[i] = packets;
            packets += frames[i].PacketCount;
            PayloadBytes[i] = frames[i].Data.Length - frames[i].PacketCount * (PacketizedFrame.InterleavedHeaderSize + H264Packetizer.RtpHeaderSize);
            MaxFrameSize = Math.Max(MaxFrameSize, frames[i].Data.Length);
        }
        Frames = frames;
        PacketsPerLoop = packets;
    }

    public H264Loop Loop { get; }
    public IReadOnlyList<PacketizedFrame> Frames { get; }
    public int FrameCount => Frames.Count;
    public int PacketsPerLoop { get; }
    public double FramesPerSecond => Loop.FramesPerSecond;
    public byte PayloadType { get; }
    public int MaxFrameSize { get; }
    internal int[] FirstPacketIndex { get; }
    /// <summary>RTP payload octets per loop frame (for RTCP sender octet counts).</summary>
    internal int[] PayloadBytes { get; }

    public PacketizedFrame FrameAt(long globalFrame) => Frames[(int)(globalFrame % FrameCount)];

    /// <summary>RTP timestamp offset (before adding the random base) of global frame <paramref name="globalFrame"/>.</summary>
    public uint TimestampOffset(long globalFrame) => unchecked((uint)(long)Math.Round(globalFrame * (double)ClockRate / FramesPerSecond));

    /// <summary>RTP sequence number offset of the first packet of global frame <paramref name="globalFrame"/>.</summary>
    public ushort SequenceOffset(long globalFrame)
    {
        var loops = globalFrame / FrameCount;
        var index = (int)(globalFrame % FrameCount);
        return unchecked((ushort)(loops * PacketsPerLoop + FirstPacketIndex[index]));
    }

    /// <summary>Packets sent by a mount before global frame <paramref name="globalFrame"/> (starting at frame 0).</summary>
    public long PacketsBefore(long globalFrame)
        => globalFrame / FrameCount * PacketsPerLoop + FirstPacketIndex[(int)(globalFrame % FrameCount)];

    /// <summary>The first global frame at or after <paramref name="globalFrame"/> that is an IDR picture.</summary>
    public long NextKeyFrame(long globalFrame)
    {
        for (long g = globalFrame; g < globalFrame + FrameCount + 1; g++)
            if (FrameAt(g).IsKeyFrame) return g;
        return globalFrame; // unreachable: H264Loop guarantees frame 0 is an IDR
    }

    /// <summary>
    /// Copies global frame <paramref name="globalFrame"/> into <paramref name="destination"/> (interleaved channel 0)
    /// with sequence numbers, timestamp and SSRC filled in. Returns the number of bytes written.
    /// </summary>
    public int WriteFrame(long globalFrame, uint ssrc, ushort sequenceBase, uint timestampBase, Span<byte> destination)
    {
        var frame = FrameAt(globalFrame);
        frame.Data.CopyTo(destination);
        var seq = unchecked((ushort)(sequenceBase + SequenceOffset(globalFrame)));
        var ts = unchecked(timestampBase + TimestampOffset(globalFrame));
        foreach (var offset in frame.PacketOffsets)
        {
            var rtp = destination.Slice(offset + PacketizedFrame.InterleavedHeaderSize, H264Packetizer.RtpHeaderSize);
            BinaryPrimitives.WriteUInt16BigEndian(rtp[2..], seq);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[4..], ts);
            BinaryPrimitives.WriteUInt32BigEndian(rtp[8..], ssrc);
            seq = unchecked((ushort)(seq + 1));
        }
        return frame.Data.Length;
    }
}
