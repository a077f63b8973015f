using VmsServices.Media.Rtp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Rtp;

public class RtpPacketTests
{
    [Test]
    public void Parses_fixed_header_fields()
    {
        byte[] p = RtpBytes(0xBEEF, 0xDEADBEEF, marker: true, [1, 2, 3], payloadType: 97, ssrc: 0xCAFEBABE);

        Assert.That(RtpPacket.TryParse(p, out RtpPacket h), Is.True);
        Assert.That(h.Version, Is.EqualTo(2));
        Assert.That(h.Marker, Is.True);
        Assert.That(h.PayloadType, Is.EqualTo(97));
        Assert.That(h.SequenceNumber, Is.EqualTo(0xBEEF));
        Assert.That(h.Timestamp, Is.EqualTo(0xDEADBEEF));
        Assert.That(h.Ssrc, Is.EqualTo(0xCAFEBABE));
        Assert.That(p.AsSpan(h.PayloadOffset, h.PayloadLength).ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void Skips_csrc_list_extension_and_padding()
    {
        byte[] p = Concat(
            [0xB2, 0x60, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3], // V=2 P=1 X=1 CC=2
            [1, 1, 1, 1, 2, 2, 2, 2],                   // CSRCs
            [0xBE, 0xDE, 0, 1, 9, 9, 9, 9],             // extension, 1 word
            [7, 8],                                     // payload
            [0, 0, 3]);                                 // padding, count 3

        Assert.That(RtpPacket.TryParse(p, out RtpPacket h), Is.True);
        Assert.That(h.CsrcCount, Is.EqualTo(2));
        Assert.That(h.Extension && h.Padding, Is.True);
        Assert.That(p.AsSpan(h.PayloadOffset, h.PayloadLength).ToArray(), Is.EqualTo(new byte[] { 7, 8 }));
    }

    [TestCase(new byte[] { 0x80, 0x60, 0, 1 }, TestName = "Rejects_packet_shorter_than_fixed_header")]
    [TestCase(new byte[] { 0x40, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, TestName = "Rejects_version_1")]
    [TestCase(new byte[] { 0x81, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, TestName = "Rejects_csrc_overrunning_packet")]
    [TestCase(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 }, TestName = "Rejects_extension_overrunning_packet")]
    [TestCase(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 9 }, TestName = "Rejects_padding_longer_than_payload")]
    [TestCase(new byte[] { 0xA0, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 }, TestName = "Rejects_zero_padding_count")]
    public void Invalid_packets_return_false(byte[] packet) =>
        Assert.That(RtpPacket.TryParse(packet, out _), Is.False);
}
