using System.Buffers;
using System.Text;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

public class RtspFramerTests
{
    private static readonly RtspFramerLimits Limits = new() { MaxHeaderBytes = 1024, MaxBodyBytes = 4096, MaxInterleavedPayload = 2048 };

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Frame(int channel, params byte[] payload) =>
        [(byte)'$', (byte)channel, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    private static readonly byte[] RtpLike = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA];

    /// <summary>Reads everything, returning a description of each unit.</summary>
    private static List<string> ReadAll(ReadOnlySequence<byte> buffer, out long leftover)
    {
        var units = new List<string>();
        while (true)
        {
            RtspFrameKind kind = RtspFramer.TryReadNext(ref buffer, Limits, out int ch, out var payload, out RtspResponse? r);
            if (kind == RtspFrameKind.NeedMoreData)
                break;
            if (kind == RtspFrameKind.Interleaved)
                units.Add($"${ch}:{payload.Length}");
            else if (kind == RtspFrameKind.Response)
                units.Add($"R{r!.StatusCode}:{r.CSeq}:{r.Body.Length}");
        }
        leftover = buffer.Length;
        return units;
    }

    /// <summary>The same bytes split into one-byte segments, to exercise multi-segment sequences.</summary>
    private static ReadOnlySequence<byte> Fragmented(byte[] data)
    {
        Segment first = new(data[..1]), last = first;
        for (int i = 1; i < data.Length; i++)
            last = last.Append(data[i..(i + 1)]);
        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data) => Memory = data;

        public Segment Append(byte[] data)
        {
            var next = new Segment(data) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Test]
    public void Interleaved_frame_yields_channel_and_payload()
    {
        var buffer = new ReadOnlySequence<byte>(Frame(3, RtpLike));

        Assert.That(RtspFramer.TryReadInterleavedFrame(ref buffer, out int channel, out var payload), Is.True);
        Assert.That(channel, Is.EqualTo(3));
        Assert.That(payload.ToArray(), Is.EqualTo(RtpLike));
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void Incomplete_interleaved_frame_needs_more_data()
    {
        var buffer = new ReadOnlySequence<byte>(Frame(0, RtpLike)[..10]);

        Assert.That(RtspFramer.TryReadInterleavedFrame(ref buffer, out _, out _), Is.False);
        Assert.That(buffer.Length, Is.EqualTo(10));
    }

    [Test]
    public void Response_with_body_between_frames_is_parsed()
    {
        byte[] data = [.. Frame(0, RtpLike), .. Ascii("RTSP/1.0 200 OK\r\nCSeq: 5\r\nContent-Length: 4\r\n\r\nv=0\n"), .. Frame(1, RtpLike)];

        Assert.That(ReadAll(new ReadOnlySequence<byte>(data), out long left), Is.EqualTo(new[] { "$0:13", "R200:5:4", "$1:13" }));
        Assert.That(left, Is.Zero);
    }

    [Test]
    public void Parsing_works_on_one_byte_segments()
    {
        byte[] data = [.. Ascii("RTSP/1.0 401 Unauthorized\nCSeq: 2\nWWW-Authenticate: Basic realm=\"x\"\n\n"), .. Frame(0, RtpLike)];

        Assert.That(ReadAll(Fragmented(data), out _), Is.EqualTo(new[] { "R401:2:0", "$0:13" }));
    }

    [Test]
    public void Garbage_and_absurd_lengths_are_skipped_until_the_next_frame()
    {
        byte[] data = [.. Ascii("xx\0garbage"), (byte)'$', 0, 0xFF, 0xFF, 1, 2, .. Ascii("RTSX"), .. Frame(0, RtpLike), (byte)'R', .. Frame(2, RtpLike)];

        Assert.That(ReadAll(new ReadOnlySequence<byte>(data), out long left), Is.EqualTo(new[] { "$0:13", "$2:13" }));
        Assert.That(left, Is.Zero);
    }

    [Test]
    public void Partial_response_prefix_waits_for_more_data()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii("RTSP/1"));

        Assert.That(RtspFramer.TryReadNext(ref buffer, Limits, out _, out _, out _), Is.EqualTo(RtspFrameKind.NeedMoreData));
    }

    [Test]
    public void Response_header_larger_than_the_limit_is_treated_as_garbage()
    {
        string huge = "RTSP/1.0 200 OK\r\nX: " + new string('a', 2000) + "\r\n\r\n";
        var buffer = new ReadOnlySequence<byte>(Ascii(huge));

        Assert.That(RtspFramer.TryReadNext(ref buffer, Limits, out _, out _, out _), Is.EqualTo(RtspFrameKind.Skipped));
    }

    [Test]
    public void Content_length_above_the_limit_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii("RTSP/1.0 200 OK\r\nContent-Length: 999999\r\n\r\n"));

        Assert.Throws<RtspProtocolException>(() => RtspFramer.TryReadNext(ref buffer, Limits, out _, out _, out _));
    }

    [Test]
    public void Folded_header_lines_are_joined_and_names_are_case_insensitive()
    {
        var buffer = new ReadOnlySequence<byte>(Ascii("RTSP/1.0 200 OK\r\ncseq: 7\r\nPublic: OPTIONS,\r\n DESCRIBE\r\n\r\n"));

        Assert.That(RtspFramer.TryParseResponse(ref buffer, Limits, out RtspResponse? r), Is.EqualTo(RtspParseStatus.Complete));
        Assert.That(r!.CSeq, Is.EqualTo(7));
        Assert.That(r.GetHeader("PUBLIC"), Is.EqualTo("OPTIONS, DESCRIBE"));
    }
}
