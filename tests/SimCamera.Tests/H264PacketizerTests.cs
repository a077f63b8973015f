using System.Buffers.Binary;
using VmsServices.SimCamera.Rtp;
using VmsServices.SimCamera.Source;

namespace VmsServices.SimCamera.Tests;

public class H264PacketizerTests
{
    private static byte[] Nal(int type, int length, byte fill = 0x11, int nri = 3)
    {
        var nal = new byte[length];
        Array.Fill(nal, fill);
        nal[0] = (byte)((nri << 5) | type);
        if (length > 1) nal[1] = 0x88; // first_mb_in_slice = 0
        for (var i = 2; i < length; i++) nal[i] = (byte)(i * 7);
        return nal;
    }

    private static AccessUnit Au(params byte[][] nals) => new(nals.Select(n => (ReadOnlyMemory<byte>)n).ToList());

    private static (bool Marker, int Sequence, uint Timestamp, uint Ssrc, byte[] Payload) Parse(ReadOnlyMemory<byte> rtp)
    {
        var s = rtp.Span;
        Assert.That(s[0] >> 6, Is.EqualTo(2), "RTP version");
        return ((s[1] & 0x80) != 0, BinaryPrimitives.ReadUInt16BigEndian(s[2..]), BinaryPrimitives.ReadUInt32BigEndian(s[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[8..]), s[12..].ToArray());
    }

    [Test]
    public void Small_nal_unit_is_sent_as_a_single_nal_unit_packet_with_marker()
    {
        var nal = Nal(1, 500);
        var frame = new H264Packetizer(1400).Packetize(Au(nal));

        Assert.That(frame.PacketCount, Is.EqualTo(1));
        var packet = Parse(frame.GetRtpPacket(0));
        Assert.That(packet.Payload, Is.EqualTo(nal));
        Assert.That(packet.Marker, Is.True);
        Assert.That(frame.GetRtpPacket(0).Span[1] & 0x7F, Is.EqualTo(96));
    }

    [Test]
    public void Nal_unit_of_exactly_the_mtu_is_not_fragmented()
    {
        var frame = new H264Packetizer(1400).Packetize(Au(Nal(1, 1400)));
        Assert.That(frame.PacketCount, Is.EqualTo(1));
    }

    [Test]
    public void Large_nal_unit_is_split_into_fu_a_fragments_that_reassemble_to_the_original()
    {
        var nal = Nal(5, 5000, nri: 3);
        var frame = new H264Packetizer(1400).Packetize(Au(nal));

        // 4999 bytes after the NAL header, 1398 per fragment -> 4 fragments (1398, 1398, 1398, 805)
        Assert.That(frame.PacketCount, Is.EqualTo(4));
        var reassembled = new List<byte>();
        for (var i = 0; i < frame.PacketCount; i++)
        {
            var p = Parse(frame.GetRtpPacket(i));
            Assert.That(p.Payload.Length, Is.LessThanOrEqualTo(1400));
            Assert.That(p.Payload[0] & 0x1F, Is.EqualTo(28), "FU-A type");
            Assert.That(p.Payload[0] & 0xE0, Is.EqualTo(nal[0] & 0xE0), "F and NRI copied into the FU indicator");
            Assert.That(p.Payload[1] & 0x1F, Is.EqualTo(5), "original type in the FU header");
            Assert.That((p.Payload[1] & 0x80) != 0, Is.EqualTo(i == 0), "S bit");
            Assert.That((p.Payload[1] & 0x40) != 0, Is.EqualTo(i == frame.PacketCount - 1), "E bit");
            Assert.That(p.Payload[1] & 0x20, Is.EqualTo(0), "R bit");
            Assert.That(p.Marker, Is.EqualTo(i == frame.PacketCount - 1));
            if (i == 0) reassembled.Add((byte)((p.Payload[0] & 0xE0) | (p.Payload[1] & 0x1F)));
            reassembled.AddRange(p.Payload.Skip(2));
        }
        Assert.That(reassembled.ToArray(), Is.EqualTo(nal));
        Assert.That(Parse(frame.GetRtpPacket(3)).Payload.Length, Is.EqualTo(2 + 805));
    }

    [Test]
    public void Marker_bit_is_set_only_on_the_last_packet_of_the_access_unit()
    {
        var frame = new H264Packetizer(1400).Packetize(Au(Nal(1, 300), Nal(1, 3000), Nal(1, 200)));
        var markers = Enumerable.Range(0, frame.PacketCount).Select(i => Parse(frame.GetRtpPacket(i)).Marker).ToArray();
        Assert.That(markers, Is.EqualTo(new[] { false, false, false, false, true }));
    }

    [Test]
    public void Idr_access_unit_without_parameter_sets_gets_sps_and_pps_in_band_first()
    {
        var sps = new byte[] { 0x67, 0x4D, 0x40, 0x1F, 0xAA };
        var pps = new byte[] { 0x68, 0xEE, 0x3C, 0x80 };
        var frame = new H264Packetizer().Packetize(Au(Nal(5, 100)), sps, pps);

        Assert.That(frame.IsKeyFrame, Is.True);
        Assert.That(frame.PacketCount, Is.EqualTo(3));
        Assert.That(Parse(frame.GetRtpPacket(0)).Payload, Is.EqualTo(sps));
        Assert.That(Parse(frame.GetRtpPacket(1)).Payload, Is.EqualTo(pps));
    }

    [Test]
    public void Non_idr_access_unit_gets_no_parameter_sets()
    {
        var frame = new H264Packetizer().Packetize(Au(Nal(1, 100)), [0x67, 0x4D, 0x40, 0x1F], [0x68, 0xEE]);
        Assert.That(frame.PacketCount, Is.EqualTo(1));
        Assert.That(frame.IsKeyFrame, Is.False);
    }

    [Test]
    public void Interleaved_prefix_carries_channel_zero_and_the_rtp_packet_length()
    {
        var frame = new H264Packetizer().Packetize(Au(Nal(1, 100), Nal(1, 50)));
        var offset = frame.PacketOffsets[1];
        Assert.That(frame.Data[offset], Is.EqualTo((byte)'$'));
        Assert.That(frame.Data[offset + 1], Is.EqualTo(0));
        Assert.That(BinaryPrimitives.ReadUInt16BigEndian(frame.Data.AsSpan(offset + 2)), Is.EqualTo(12 + 50));
        Assert.That(frame.Data.Length, Is.EqualTo(2 * 16 + 150));
    }
}

public class PacketizedLoopTests
{
    private static readonly Lazy<PacketizedLoop> Small = new(() => new PacketizedLoop(H264Loop.LoadEmbedded(H264Loop.Small360Resource)));

    private static List<(int Seq, uint Ts, bool Marker, uint Ssrc)> Sent(PacketizedLoop loop, long frame, ushort seqBase, uint tsBase, uint ssrc)
    {
        var buffer = new byte[loop.MaxFrameSize];
        var length = loop.WriteFrame(frame, ssrc, seqBase, tsBase, buffer);
        var result = new List<(int, uint, bool, uint)>();
        for (var pos = 0; pos < length;)
        {
            Assert.That(buffer[pos], Is.EqualTo((byte)'$'));
            var len = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(pos + 2));
            var rtp = buffer.AsSpan(pos + 4, len);
            result.Add((BinaryPrimitives.ReadUInt16BigEndian(rtp[2..]), BinaryPrimitives.ReadUInt32BigEndian(rtp[4..]), (rtp[1] & 0x80) != 0,
                BinaryPrimitives.ReadUInt32BigEndian(rtp[8..])));
            pos += 4 + len;
        }
        return result;
    }

    [Test]
    public void Timestamps_advance_by_3600_per_frame_and_keep_going_across_the_loop_boundary()
    {
        var loop = Small.Value;
        var n = loop.FrameCount;
        const uint tsBase = 0xFFFF_0000; // also crosses the 32-bit wrap
        var timestamps = Enumerable.Range(n - 3, 6).Select(g => Sent(loop, g, 0, tsBase, 1)[0].Ts).ToArray();
        for (var i = 1; i < timestamps.Length; i++)
            Assert.That(unchecked(timestamps[i] - timestamps[i - 1]), Is.EqualTo(3600u), $"frame {n - 3 + i}");
        Assert.That(loop.TimestampOffset(7 * n), Is.EqualTo((uint)(7 * n * 3600)));
    }

    [Test]
    public void Sequence_numbers_are_contiguous_within_and_across_loop_iterations()
    {
        var loop = Small.Value;
        var n = loop.FrameCount;
        var packets = Enumerable.Range(n - 2, 4).SelectMany(g => Sent(loop, g, 65530, 0, 1)).ToList();
        for (var i = 1; i < packets.Count; i++)
            Assert.That((ushort)(packets[i].Seq - packets[i - 1].Seq), Is.EqualTo(1));
    }

    [Test]
    public void Every_packet_of_a_frame_shares_timestamp_and_ssrc_and_only_the_last_has_the_marker()
    {
        var packets = Sent(Small.Value, 0, 100, 5000, 0xCAFEBABE);
        Assert.That(packets.Count, Is.GreaterThan(1));
        Assert.That(packets.Select(p => p.Ts).Distinct(), Is.EqualTo(new[] { 5000u }));
        Assert.That(packets.Select(p => p.Ssrc).Distinct(), Is.EqualTo(new[] { 0xCAFEBABEu }));
        Assert.That(packets.Select(p => p.Marker), Is.EqualTo(packets.Select((_, i) => i == packets.Count - 1)));
    }

    [Test]
    public void Embedded_720p_loop_has_100_frames_with_an_idr_every_25()
    {
        var loop = new PacketizedLoop(H264Loop.LoadEmbedded(H264Loop.Hd720Resource));
        Assert.That(loop.FrameCount, Is.EqualTo(100));
        var keyFrames = Enumerable.Range(0, loop.FrameCount).Where(i => loop.Frames[i].IsKeyFrame).ToArray();
        Assert.That(keyFrames, Is.EqualTo(new[] { 0, 25, 50, 75 }));
        Assert.That(loop.NextKeyFrame(101), Is.EqualTo(125));
        Assert.That(loop.NextKeyFrame(100), Is.EqualTo(100));
    }

    [Test]
    public void Access_units_are_split_at_the_first_slice_of_each_picture()
    {
        // SPS, PPS, IDR slice (first_mb 0), IDR slice (first_mb != 0), P slice (first_mb 0), SEI, P slice (first_mb 0)
        byte[][] nals =
        [
            [0x67, 0x4D, 0x40, 0x1F], [0x68, 0xEE], [0x65, 0x88, 0x01], [0x65, 0x40, 0x02], [0x41, 0x9A, 0x03], [0x06, 0x05], [0x41, 0x9A, 0x04],
        ];
        var units = H264Loop.GroupAccessUnits(nals.Select(n => (ReadOnlyMemory<byte>)n));
        Assert.That(units.Select(u => u.NalUnits.Count), Is.EqualTo(new[] { 4, 1, 2 }));
        Assert.That(units.Select(u => u.IsIdr), Is.EqualTo(new[] { true, false, false }));
    }
}
