namespace VmsServices.Media.Mp4;

/// <summary>
/// A movie fragment (moof + mdat) as the pieces it lies in, in order: e.g. the header a
/// <see cref="FragmentBuilder"/> wrote followed by its samples where they were collected, so a
/// segment reaches the file with a gathered write instead of first being copied into one buffer.
/// A single contiguous buffer converts implicitly.
/// </summary>
public readonly struct FragmentBytes
{
    private readonly IReadOnlyList<ReadOnlyMemory<byte>>? _pieces;

    public FragmentBytes(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        _pieces = pieces;
        foreach (ReadOnlyMemory<byte> p in pieces) Length += p.Length;
    }

    public FragmentBytes(ReadOnlyMemory<byte> whole) : this([whole]) { }

    public IReadOnlyList<ReadOnlyMemory<byte>> Pieces => _pieces ?? [];

    public long Length { get; }

    public bool IsEmpty => Length == 0;

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length) throw new ArgumentException("Destination too short.", nameof(destination));
        foreach (ReadOnlyMemory<byte> p in Pieces)
        {
            p.Span.CopyTo(destination);
            destination = destination[p.Length..];
        }
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    public static implicit operator FragmentBytes(ReadOnlyMemory<byte> whole) => new(whole);

    public static implicit operator FragmentBytes(byte[] whole) => new(whole);
}
