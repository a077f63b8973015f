using System.Buffers;
using VmsServices.Media.Rtp;
using VmsServices.Media.Rtsp;
using static VmsServices.Media.Tests.Rtp.RtpTestPackets;

namespace VmsServices.Media.Tests.Codecs;

public class HotPathAllocationTests
{
    [Test]
    public void Steady_state_h264_receive_and_framing_do_not_allocate_per_packet()
    {
        var track = new TrackInfo { Codec = Codec.H264, PayloadType = 96, ClockRate = 90000, Control = "" };
        track.ParameterSets.Add(H264DepacketizerTests.Sps);
        track.ParameterSets.Add(H264DepacketizerTests.Pps);
        using var receiver = new RtpTrackReceiver(0, track);
        byte[] bigIdr = [0x65, .. Enumerable.Range(0, 4000).Select(i => (byte)i)];
        List<byte[]> fus = H264DepacketizerTests.FuA(bigIdr, 1400);
        var packets = new List<byte[]>();
        ushort seq = 0;
        for (int frame = 0; frame < 400; frame++)
        {
            uint ts = (uint)(frame * 3600);
            if (frame % 25 == 0)
                for (int i = 0; i < fus.Count; i++)
                    packets.Add(RtpBytes(seq++, ts, i == fus.Count - 1, fus[i]));
            else
                packets.Add(RtpBytes(seq++, ts, true, H264DepacketizerTests.Slice));
        }
        byte[][] interleaved = packets.Select(p => (byte[])[(byte)'$', 0, (byte)(p.Length >> 8), (byte)p.Length, .. p]).ToArray();

        long Run(int from, int to)
        {
            long emitted = 0;
            for (int i = from; i < to; i++)
            {
                var buffer = new ReadOnlySequence<byte>(interleaved[i]);
                RtspFramer.TryReadNext(ref buffer, RtspFramerLimits.Default, out _, out _, out _);
                receiver.ProcessRtp(packets[i]);
                for (int k = 0; k < receiver.ReadyCount; k++)
                    emitted += receiver.GetReady(k).Data.Length;
            }
            return emitted;
        }

        Run(0, 100); // warm-up: buffers grow, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        long emitted = Run(100, packets.Count);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(emitted, Is.GreaterThan(0));
        // Nothing per packet; a one-off runtime allocation (tiered JIT) in the window is tolerated.
        Assert.That(allocated, Is.LessThan(packets.Count - 100));
    }
}
