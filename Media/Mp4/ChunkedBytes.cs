using System.Buffers;

namespace VmsServices.Media.Mp4;

/// <summary>
/// Bytes appended into pooled chunks of <see cref="ChunkBytes"/>, below the large-object threshold.
/// A recorder holds about one segment of samples per camera (~1 MB at 2 Mbit/s): in one contiguous
/// pooled buffer that costs the next power of two (2 MB) on the large-object heap, here its size
/// rounded up to one chunk, and growing never copies what was already written. Chunks are kept
/// across <see cref="Reset"/> (steady state allocates nothing) and returned by <see cref="Dispose"/>.
/// Not thread-safe.
/// </summary>
public sealed class ChunkedBytes : IDisposable
{
    public const int ChunkBytes = 64 * 1024;

    private readonly List<byte[]> _chunks = [];

    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int chunk = (int)(Length / ChunkBytes), at = (int)(Length % ChunkBytes);
            if (chunk == _chunks.Count) _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkBytes));
            int n = Math.Min(bytes.Length, ChunkBytes - at);
            bytes[..n].CopyTo(_chunks[chunk].AsSpan(at));
            Length += n;
            bytes = bytes[n..];
        }
    }

    /// <summary>
    /// Adds the written bytes to <paramref name="pieces"/> as views of the chunks, in order (no copy).
    /// They stay valid until the next <see cref="Write"/> after a <see cref="Reset"/>, or <see cref="Dispose"/>.
    /// </summary>
    public void AddPiecesTo(List<ReadOnlyMemory<byte>> pieces)
    {
        for (long at = 0; at < Length; at += ChunkBytes)
            pieces.Add(_chunks[(int)(at / ChunkBytes)].AsMemory(0, (int)Math.Min(ChunkBytes, Length - at)));
    }

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length) throw new ArgumentException("Destination too short.", nameof(destination));
        for (long at = 0; at < Length; at += ChunkBytes)
        {
            int n = (int)Math.Min(ChunkBytes, Length - at);
            _chunks[(int)(at / ChunkBytes)].AsSpan(0, n).CopyTo(destination[(int)at..]);
        }
    }

    /// <summary>Empties the buffer; its chunks are kept for what is written next.</summary>
    public void Reset() => Length = 0;

    public void Dispose()
    {
        foreach (byte[] chunk in _chunks) ArrayPool<byte>.Shared.Return(chunk);
        _chunks.Clear();
        Length = 0;
    }
}
