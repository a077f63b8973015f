using VmsServices.Media.Mp4;
using VmsServices.Recording.Api;
using VmsServices.Recording.Playback;

namespace VmsServices.Recording.Tests.Playback;

public class PlaybackStreamTests
{
    private const long T0 = 1_700_000_000_000_000; // UTC µs
    private static readonly byte[] Init = [0, 0, 0, 8, (byte)'f', (byte)'r', (byte)'e', (byte)'e'];
    private static readonly InitTrack[] Tracks = [new(1, 90_000)];

    /// <summary>A stored fragment as the recorder writes it: tfdt = its UTC start in 90 kHz, 25 fps, a sequence number of its own server.</summary>
    private static byte[] Fragment(long startUtcMicros, int frames, uint sequence, int frameBytes = 5000)
    {
        using var builder = new FragmentBuilder([1u]);
        for (int i = 0; i < frames; i++)
            builder.AddSample(0, FragmentTrimmer.UtcMicrosToTicks(startUtcMicros, 90_000) + (ulong)i * 3600, 3600, i == 0, Enumerable.Repeat((byte)(i + sequence), frameBytes).ToArray());
        using var output = new BoxWriter();
        builder.WriteTo(output, sequence);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Reads through the stream in small, odd-sized reads (as Kestrel would in pieces).</summary>
    private static byte[] ReadAll(Stream stream, int chunk = 7777)
    {
        var result = new MemoryStream();
        var buffer = new byte[chunk];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) result.Write(buffer, 0, n);
        return result.ToArray();
    }

    private static List<(uint Sequence, ulong Time, int Samples)> Fragments(byte[] mp4, int from)
    {
        var result = new List<(uint, ulong, int)>();
        for (int pos = from; pos < mp4.Length;)
        {
            var parsed = FragmentReader.TryRead(mp4.AsSpan(pos))!;
            result.Add((parsed.SequenceNumber, parsed.Tracks[0].Samples[0].DecodeTime, parsed.Tracks[0].Samples.Length));
            pos += parsed.LengthBytes;
        }
        return result;
    }

    [Test]
    public void The_output_is_the_init_then_every_piece_renumbered_and_timed_from_zero_with_the_gap_kept()
    {
        byte[] a = Fragment(T0, 100, 900), b = Fragment(T0 + 4_000_000, 100, 3), c = Fragment(T0 + 10_000_000, 50, 77); // 2 s hole before c
        using var stream = new PlaybackStream(Init, Tracks, T0, [new MemoryPiece(a), new MemoryPiece(b), new MemoryPiece(c)]);

        Assert.That(stream.Length, Is.EqualTo(Init.Length + a.Length + b.Length + c.Length), "known before anything is read");
        byte[] mp4 = ReadAll(stream);

        Assert.That(mp4.AsSpan(0, Init.Length).ToArray(), Is.EqualTo(Init));
        Assert.That(Fragments(mp4, Init.Length), Is.EqualTo(new[] { (1u, 0UL, 100), (2u, 360_000UL, 100), (3u, 900_000UL, 50) }));
        int at = Init.Length + a.Length + b.Length;
        Assert.That(mp4.AsSpan(at + c.Length - 5000).ToArray(), Is.EqualTo(c.AsSpan(c.Length - 5000).ToArray()), "media data untouched");
    }

    [Test]
    public void A_seek_anywhere_reads_the_same_bytes_as_the_full_read()
    {
        byte[] a = Fragment(T0, 30, 1, 40_000), b = Fragment(T0 + 1_200_000, 30, 2, 40_000); // pieces bigger than the head
        byte[] full;
        using (var whole = new PlaybackStream(Init, Tracks, T0, [new MemoryPiece(a), new MemoryPiece(b)])) full = ReadAll(whole);

        foreach (long offset in new long[] { 0, 5, 1000, PlaybackStream.HeadBytes + 123, a.Length + Init.Length - 3, a.Length + Init.Length + 17, full.Length - 10 })
        {
            using var stream = new PlaybackStream(Init, Tracks, T0, [new MemoryPiece(a), new MemoryPiece(b)]);
            stream.Seek(offset, SeekOrigin.Begin);
            var slice = new byte[Math.Min(200_000, full.Length - offset)];
            stream.ReadExactly(slice);
            Assert.That(slice, Is.EqualTo(full.AsSpan((int)offset, slice.Length).ToArray()), $"from {offset}");
        }
    }

    [Test]
    public void A_piece_is_opened_only_when_a_read_touches_it()
    {
        var opened = new List<int>();
        var pieces = Enumerable.Range(0, 5).Select(i => (IPieceSource)new CountingPiece(Fragment(T0 + i * 4_000_000L, 100, 1), () => opened.Add(i))).ToList();
        using var stream = new PlaybackStream(Init, Tracks, T0, pieces);

        stream.Seek(stream.Length - 100, SeekOrigin.Begin);
        stream.ReadExactly(new byte[100]);

        Assert.That(opened, Is.Not.Empty.And.All.EqualTo(4), "only the last piece (its head for the moof, then the bytes asked for)");
    }

    [Test]
    public void Reading_on_opens_the_next_piece_while_this_one_is_read_and_each_piece_once()
    {
        var fragments = Enumerable.Range(0, 4).Select(i => Fragment(T0 + i * 4_000_000L, 50, 1, 20_000)).ToList();
        var openedAt = new List<(int Piece, long Position)>();
        PlaybackStream? stream = null;
        var pieces = fragments.Select((f, i) => (IPieceSource)new CountingPiece(f, () => openedAt.Add((i, stream!.Position)))).ToList();
        stream = new PlaybackStream(Init, Tracks, T0, pieces);
        using (stream)
        {
            byte[] all = ReadAll(stream);
            Assert.That(all.Length, Is.EqualTo(stream.Length));
        }

        Assert.That(openedAt.Select(o => o.Piece), Is.EqualTo(new[] { 0, 1, 2, 3 }), "each piece opened once, in order");
        long pieceStart = Init.Length;
        for (int i = 1; i < fragments.Count; i++)
        {
            Assert.That(openedAt[i].Position, Is.LessThan(pieceStart + fragments[i - 1].Length), $"piece {i} asked for before piece {i - 1} was read to its end");
            Assert.That(openedAt[i].Position, Is.GreaterThanOrEqualTo(pieceStart + fragments[i - 1].Length - PlaybackStream.OpenAheadBytes - 7777),
                $"piece {i} asked for only near piece {i - 1}'s end, not while most of it was still to come");
            pieceStart += fragments[i - 1].Length;
        }
    }

    [Test]
    public void A_piece_opened_ahead_and_not_read_is_closed_and_its_failure_is_nobodys()
    {
        byte[] a = Fragment(T0, 30, 1, 40_000), c = Fragment(T0 + 8_000_000, 30, 3, 40_000);
        var closed = new List<int>();
        var pieces = new IPieceSource[]
        {
            new TrackedPiece(a, () => closed.Add(0)),
            new FailingPiece(a.Length), // its holder is gone: nobody reads it below
            new TrackedPiece(c, () => closed.Add(2)),
        };
        var stream = new PlaybackStream(Init, Tracks, T0, pieces);
        stream.ReadExactly(new byte[Init.Length + a.Length - 1000]); // near piece 0's end: piece 1 is asked for ahead, and fails
        stream.Seek(Init.Length + a.Length + a.Length + 10, SeekOrigin.Begin); // a seek over it into piece 2
        var tail = new byte[100];
        stream.ReadExactly(tail);
        Assert.DoesNotThrowAsync(async () => await stream.DisposeAsync());
        Assert.That(closed, Does.Contain(0).And.Contain(2));
    }

    [Test]
    public void The_hls_playlist_names_every_piece_with_maps_discontinuities_and_cuts()
    {
        var plan = PlaybackPlanner.Plan([
            new SegmentDto(T0, T0 + 4_000_000, 0, false, "rec-a"),
            new SegmentDto(T0 + 4_000_000, T0 + 8_000_000, 0, false, "rec-a"),
            new SegmentDto(T0 + 6_000_000, T0 + 10_000_000, 0, false, "rec-b")]);

        string m3u8 = HlsPlaylist.Write("cam-1", "video", plan, ended: true);

        string[] lines = m3u8.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("#EXTM3U"));
        Assert.That(lines, Does.Contain("#EXT-X-VERSION:7").And.Contain("#EXT-X-TARGETDURATION:4").And.Contain("#EXT-X-ENDLIST"));
        Assert.That(lines.Where(l => l.StartsWith("#EXTINF:")), Is.EqualTo(new[] { "#EXTINF:4.000,", "#EXTINF:2.000,", "#EXTINF:4.000," }));
        Assert.That(lines.Where(l => !l.StartsWith('#')), Is.EqualTo(new[]
        {
            $"/api/devices/cam-1/segments/{T0}?dataType=video&part=fragment",
            $"/api/devices/cam-1/segments/{T0 + 4_000_000}?dataType=video&part=fragment&endUtcMicros={T0 + 6_000_000}",
            $"/api/devices/cam-1/segments/{T0 + 6_000_000}?dataType=video&part=fragment",
        }));
        Assert.That(lines.Count(l => l == "#EXT-X-DISCONTINUITY"), Is.EqualTo(1), "only where the server changes");
        Assert.That(lines.Count(l => l.StartsWith("#EXT-X-MAP:URI=")), Is.EqualTo(2));
        Assert.That(lines, Does.Contain("#EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.000Z"));
    }

    private sealed class FailingPiece(long length) : IPieceSource
    {
        public long Length => length;

        public Task<Stream> OpenAsync(long offset, CancellationToken ct) => Task.FromException<Stream>(new HttpRequestException("holder unreachable"));
    }

    private sealed class TrackedPiece(byte[] bytes, Action onClose) : IPieceSource
    {
        public long Length => bytes.Length;

        public Task<Stream> OpenAsync(long offset, CancellationToken ct) => Task.FromResult<Stream>(new ClosingStream(bytes, (int)offset, onClose));

        private sealed class ClosingStream(byte[] bytes, int offset, Action onClose) : MemoryStream(bytes, offset, bytes.Length - offset, writable: false)
        {
            protected override void Dispose(bool disposing)
            {
                if (disposing) onClose();
                base.Dispose(disposing);
            }
        }
    }

    private sealed class CountingPiece(byte[] bytes, Action onOpen) : IPieceSource
    {
        public long Length => bytes.Length;

        public Task<Stream> OpenAsync(long offset, CancellationToken ct)
        {
            onOpen();
            return new MemoryPiece(bytes).OpenAsync(offset, ct);
        }
    }
}
