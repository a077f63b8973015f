using VmsServices.Media.Rtp;

namespace VmsServices.Media.Tests.Rtp;

public class RtpSequenceAndTimestampTests
{
    [Test]
    public void Timestamp_unwrapping_continues_past_32_bit_wraparound()
    {
        var u = new RtpTimestampUnwrapper();

        long a = u.Unwrap(0xFFFF_FF00);
        long b = u.Unwrap(0x0000_0100);
        long c = u.Unwrap(0x0000_0050); // small step back (B-frame order)

        Assert.That(a, Is.EqualTo(0xFFFF_FF00L));
        Assert.That(b, Is.EqualTo(0x1_0000_0100L));
        Assert.That(c, Is.EqualTo(0x1_0000_0050L));
    }

    [Test]
    public void Consecutive_sequence_numbers_across_wraparound_report_no_loss()
    {
        var t = new RtpSequenceTracker();
        bool anyLoss = false;
        foreach (ushort seq in new ushort[] { 65534, 65535, 0, 1 })
        {
            Assert.That(t.Accept(seq, out bool loss), Is.True);
            anyLoss |= loss;
        }
        Assert.That(anyLoss, Is.False);
    }

    [Test]
    public void Sequence_gap_is_reported_with_lost_count()
    {
        var t = new RtpSequenceTracker();
        t.Accept(65535, out _);

        Assert.That(t.Accept(2, out bool loss), Is.True);
        Assert.That(loss, Is.True);
        Assert.That(t.LostPackets, Is.EqualTo(2));
    }

    [Test]
    public void Duplicate_packet_is_rejected()
    {
        var t = new RtpSequenceTracker();
        t.Accept(10, out _);
        t.Accept(11, out _);

        Assert.That(t.Accept(11, out _), Is.False);
    }

    [Test]
    public void Sender_restart_with_lower_sequence_resyncs_after_two_packets()
    {
        var t = new RtpSequenceTracker();
        t.Accept(20000, out _);

        Assert.That(t.Accept(100, out _), Is.False);
        Assert.That(t.Accept(101, out bool loss), Is.True);
        Assert.That(loss, Is.True);
        Assert.That(t.Accept(102, out loss) && !loss, Is.True);
    }
}
