using VmsServices.Media.Rtp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Rtp;

public class RtcpSenderReportTests
{
    // 2024-01-01T00:00:00Z = Unix 1704067200 = NTP 3913056000
    private const ulong NtpNewYear2024 = 3913056000UL << 32;
    private const long UnixMicrosNewYear2024 = 1704067200L * 1_000_000;

    [Test]
    public void Ntp_timestamp_converts_to_unix_microseconds()
    {
        ulong halfSecond = NtpNewYear2024 | 0x8000_0000UL;

        Assert.That(RtcpSenderReport.NtpToUnixMicros(halfSecond), Is.EqualTo(UnixMicrosNewYear2024 + 500_000));
    }

    [Test]
    public void Ntp_era_1_after_2036_is_handled()
    {
        // seconds field 0 = 2036-02-07T06:28:16Z = Unix 2085978496
        Assert.That(RtcpSenderReport.NtpToUnixMicros(0), Is.EqualTo(2085978496L * 1_000_000));
    }

    [Test]
    public void Finds_sender_report_after_receiver_report_in_compound_packet()
    {
        byte[] rr = [0x80, 201, 0, 1, 0, 0, 0, 9];
        byte[] compound = Concat(rr, SenderReport(0x1234, NtpNewYear2024, 90000));

        Assert.That(RtcpSenderReport.TryFind(compound, out RtcpSenderReport sr), Is.True);
        Assert.That(sr.Ssrc, Is.EqualTo(0x1234u));
        Assert.That(sr.RtpTimestamp, Is.EqualTo(90000u));
        Assert.That(sr.UtcMicros, Is.EqualTo(UnixMicrosNewYear2024));
    }

    [Test]
    public void Truncated_rtcp_returns_false() =>
        Assert.That(RtcpSenderReport.TryFind(SenderReport(1, 1, 1).AsSpan(0, 20), out _), Is.False);

    [Test]
    public void Sender_report_maps_rtp_time_of_samples_to_utc()
    {
        var track = new TrackInfo { Codec = Codec.Pcma, PayloadType = 8, ClockRate = 8000, Control = "" };
        using var receiver = new RtpTrackReceiver(0, track);
        Feed(receiver, RtpBytes(1, 1000, true, [1], payloadType: 8, ssrc: 7));
        receiver.ProcessRtcp(SenderReport(7, NtpNewYear2024, 1000));

        var samples = Feed(receiver, RtpBytes(2, 1000 + 8000 * 2, true, [1], payloadType: 8, ssrc: 7));

        Assert.That(samples.Single().Utc, Is.EqualTo(UnixMicrosNewYear2024 + 2_000_000));
    }

    [Test]
    public void Sender_report_mapping_works_across_rtp_timestamp_wraparound()
    {
        var track = new TrackInfo { Codec = Codec.Pcmu, PayloadType = 0, ClockRate = 8000, Control = "" };
        using var receiver = new RtpTrackReceiver(0, track);
        Feed(receiver, RtpBytes(1, 0xFFFF_F000, true, [1], payloadType: 0, ssrc: 7));
        receiver.ProcessRtcp(SenderReport(7, NtpNewYear2024, 0xFFFF_F000));

        var samples = Feed(receiver, RtpBytes(2, 0x0000_0F00, true, [1], payloadType: 0, ssrc: 7)); // +0x1F00 ticks

        Assert.That(samples.Single().Timestamp, Is.EqualTo(0x1_0000_0F00L));
        Assert.That(samples.Single().Utc, Is.EqualTo(UnixMicrosNewYear2024 + 0x1F00 * 1_000_000L / 8000));
    }
}
