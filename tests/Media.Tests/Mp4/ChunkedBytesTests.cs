using VmsServices.Media.Mp4;

namespace VmsServices.Media.Tests.Mp4;

public class ChunkedBytesTests
{
    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(ChunkedBytes.ChunkBytes - 1)]
    [TestCase(ChunkedBytes.ChunkBytes)]
    [TestCase(ChunkedBytes.ChunkBytes + 1)]
    [TestCase(3 * ChunkedBytes.ChunkBytes + 12_345)]
    public void Writes_of_any_size_read_back_in_order_from_copy_and_pieces(int total)
    {
        byte[] expected = Pattern(total, 7);
        using var bytes = new ChunkedBytes();
        // Uneven writes that straddle chunk boundaries.
        for (int at = 0, step = 1; at < total; at += step, step = step * 3 % 70_001 + 1)
            bytes.Write(expected.AsSpan(at, Math.Min(step, total - at)));

        Assert.That(bytes.Length, Is.EqualTo(total));
        var copy = new byte[total];
        bytes.CopyTo(copy);
        Assert.That(copy, Is.EqualTo(expected));
        var pieces = new List<ReadOnlyMemory<byte>>();
        bytes.AddPiecesTo(pieces);
        Assert.That(pieces, Has.All.Matches<ReadOnlyMemory<byte>>(p => p.Length is > 0 and <= ChunkedBytes.ChunkBytes));
        Assert.That(new FragmentBytes(pieces).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Reset_keeps_the_chunks_and_the_next_content_replaces_the_old()
    {
        using var bytes = new ChunkedBytes();
        bytes.Write(Pattern(2 * ChunkedBytes.ChunkBytes, 1));
        var before = new List<ReadOnlyMemory<byte>>();
        bytes.AddPiecesTo(before);
        bytes.Reset();
        Assert.That(bytes.Length, Is.Zero);

        byte[] next = Pattern(100, 2);
        bytes.Write(next);
        var after = new List<ReadOnlyMemory<byte>>();
        bytes.AddPiecesTo(after);
        Assert.That(after, Has.Count.EqualTo(1));
        Assert.That(after[0].ToArray(), Is.EqualTo(next));
        Assert.That(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(after[0], out var a) && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(before[0], out var b)
            && ReferenceEquals(a.Array, b.Array), "the first chunk is reused, not rented again");
    }

    [Test]
    public void Fragment_as_pieces_has_the_same_bytes_as_the_contiguous_fragment()
    {
        using var builder = new FragmentBuilder([1u, 2u]);
        byte[] big = Pattern(150_000, 3);
        builder.AddSample(0, 900_000, 3600, true, big, prefix: [0, 0, 0, 1]);
        builder.AddSample(1, 16_000, 1024, true, [0xB1, 0xB2]);
        builder.AddSample(0, 903_600, 3600, false, Pattern(70_000, 4));
        builder.AddSample(1, 17_024, 1024, true, [0xB3]);

        using var whole = new BoxWriter();
        int moof = builder.WriteTo(whole, 9);
        using var header = new BoxWriter();
        header.WriteBytes([1, 2, 3]); // what the header writer held before is not part of the fragment
        FragmentBytes pieces = builder.WritePieces(header, 9);

        Assert.That(pieces.Length, Is.EqualTo(whole.LengthBytes));
        Assert.That(pieces.ToArray(), Is.EqualTo(whole.WrittenSpan.ToArray()));
        Assert.That(pieces.Pieces[0].Length, Is.EqualTo(moof + 8), "the first piece is moof + the mdat header");
        Assert.That(pieces.Pieces.Count, Is.GreaterThan(3), "the samples stay in their chunks");
    }

    [Test]
    public void Header_alone_refuses_sizes_that_do_not_add_up_and_a_write_without_data()
    {
        var samples = new[] { new FragmentSample(0, 10, 5, true) };
        using var w = new BoxWriter();
        Assert.Throws<ArgumentException>(() => MediaFragment.WriteHeader(w, 1, [new TrackRun(1, samples, dataLength: 4)]));
        Assert.Throws<ArgumentException>(() => MediaFragment.Write(w, 1, [new TrackRun(1, samples, dataLength: 5)]));
    }
}
