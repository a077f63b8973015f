using System.Buffers;

namespace VmsServices.SimCamera.Streaming;

/// <summary>
/// A pooled buffer holding one frame's patched RTP packets, shared by every client of a mount.
/// Reference counted: the mount holds one reference while fanning out, each client queue one until written.
/// </summary>
internal sealed class SharedFrame
{
    private byte[]? _buffer;
    private int _length;
    private int _references;

    private SharedFrame(byte[] buffer)
    {
        _buffer = buffer;
        _references = 1;
    }

    public static SharedFrame Rent(int capacity) => new(ArrayPool<byte>.Shared.Rent(capacity));

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(SharedFrame));
    public int Length { get => _length; set => _length = value; }
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, _length);

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("SharedFrame released more often than referenced.");
        }
    }
}
