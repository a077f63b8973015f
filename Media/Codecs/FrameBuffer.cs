using System.Buffers;
using System.Buffers.Binary;

namespace VmsServices.Media.Codecs;

/// <summary>
/// A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> and reused across
/// frames, so steady-state frame assembly does not allocate.
/// </summary>
internal sealed class FrameBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public FrameBuffer(int initialCapacity = 64 * 1024) =>
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _length;
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);
    public Span<byte> Written => _buffer.AsSpan(0, _length);

    public void Reset() => _length = 0;

    public void Truncate(int length) => _length = Math.Min(_length, Math.Max(0, length));

    public void Append(ReadOnlySpan<byte> data)
    {
        EnsureCapacity(_length + data.Length);
        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    public void AppendByte(byte value)
    {
        EnsureCapacity(_length + 1);
        _buffer[_length++] = value;
    }

    public void AppendInt32BigEndian(int value)
    {
        EnsureCapacity(_length + 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length, 4), value);
        _length += 4;
    }

    public void WriteInt32BigEndian(int offset, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(offset, 4), value);

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
            return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        byte[] b = _buffer;
        _buffer = Array.Empty<byte>();
        _length = 0;
        if (b.Length > 0)
            ArrayPool<byte>.Shared.Return(b);
    }
}
