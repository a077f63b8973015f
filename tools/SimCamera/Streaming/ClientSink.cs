using System.Net.Sockets;
using System.Threading.Channels;

namespace VmsServices.SimCamera.Streaming;

/// <summary>
/// The outgoing side of one RTSP connection: a single queue (RTSP responses, RTP frames, RTCP reports) drained
/// by one async writer, so responses and interleaved media never interleave mid-message. The media part of the
/// queue is bounded: a client that falls behind by more than the configured lag is dropped by its mount.
/// </summary>
internal sealed class ClientSink
{
    private enum Kind : byte { Raw, Media, Rtcp }

    private readonly record struct Item(Kind Kind, SharedFrame? Frame, byte[]? Bytes);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxQueuedFrames;
    private readonly Action<string> _abort;
    private int _queuedFrames;
    private long _nextGarbageTicks;

    public ClientSink(int maxQueuedFrames, Action<string> abort)
    {
        _maxQueuedFrames = Math.Max(2, maxQueuedFrames);
        _abort = abort;
    }

    /// <summary>Interleaved channels chosen at SETUP (defaults 0-1).</summary>
    public int RtpChannel { get; set; }
    public int RtcpChannel { get; set; } = 1;
    /// <summary>Fault injection: random bytes between interleaved frames now and then.</summary>
    public bool Garbage { get; set; }

    // Mount-owned playback state.
    /// <summary>Global frame at which this client joins (the next IDR at PLAY time).</summary>
    internal long StartFrame;
    internal bool Started;

    public int QueuedFrames => Volatile.Read(ref _queuedFrames);

    public void EnqueueRaw(byte[] bytes) => _queue.Writer.TryWrite(new Item(Kind.Raw, null, bytes));

    public void EnqueueRtcp(byte[] interleavedPacket) => _queue.Writer.TryWrite(new Item(Kind.Rtcp, null, interleavedPacket));

    /// <summary>Queues a frame (takes a reference). False when the client is closed or too far behind.</summary>
    public bool TryEnqueueMedia(SharedFrame frame)
    {
        if (Interlocked.Increment(ref _queuedFrames) > _maxQueuedFrames)
        {
            Interlocked.Decrement(ref _queuedFrames);
            return false;
        }
        frame.AddReference();
        if (_queue.Writer.TryWrite(new Item(Kind.Media, frame, null))) return true;
        frame.Release();
        Interlocked.Decrement(ref _queuedFrames);
        return false;
    }

    public void Drop(string reason) => _abort(reason);

    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunWriterAsync(Socket socket, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        byte[]? remapBuffer = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        ReadOnlyMemory<byte> data;
                        switch (item.Kind)
                        {
                            case Kind.Media:
                                data = item.Frame!.Memory;
                                if (Garbage) await MaybeWriteGarbageAsync(socket, cancellationToken).ConfigureAwait(false);
                                if (RtpChannel != 0) data = Remap(data, (byte)RtpChannel, ref remapBuffer);
                                break;
                            case Kind.Rtcp:
                                data = item.Bytes!;
                                if (RtcpChannel != 1) data = Remap(data, (byte)RtcpChannel, ref remapBuffer);
                                break;
                            default:
                                data = item.Bytes!;
                                break;
                        }
                        await SendAllAsync(socket, data, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (item.Frame is not null)
                        {
                            item.Frame.Release();
                            Interlocked.Decrement(ref _queuedFrames);
                        }
                    }
                }
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var left))
            {
                if (left.Frame is not null)
                {
                    left.Frame.Release();
                    Interlocked.Decrement(ref _queuedFrames);
                }
            }
        }
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (sent <= 0) throw new SocketException((int)SocketError.ConnectionReset);
            data = data[sent..];
        }
    }

    /// <summary>Copies interleaved frames and rewrites their channel byte (clients that asked for other channels than 0-1).</summary>
    private static ReadOnlyMemory<byte> Remap(ReadOnlyMemory<byte> data, byte channel, ref byte[]? buffer)
    {
        if (buffer is null || buffer.Length < data.Length) buffer = new byte[Math.Max(data.Length, 64 * 1024)];
        data.Span.CopyTo(buffer);
        var pos = 0;
        while (pos + 4 <= data.Length && buffer[pos] == (byte)'$')
        {
            buffer[pos + 1] = channel;
            pos += 4 + (buffer[pos + 2] << 8 | buffer[pos + 3]);
        }
        return buffer.AsMemory(0, data.Length);
    }

    private async ValueTask MaybeWriteGarbageAsync(Socket socket, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_nextGarbageTicks == 0) { _nextGarbageTicks = now + Random.Shared.Next(500, 2000); return; }
        if (now < _nextGarbageTicks) return;
        _nextGarbageTicks = now + Random.Shared.Next(1000, 4000);
        var garbage = new byte[Random.Shared.Next(1, 48)];
        Random.Shared.NextBytes(garbage);
        for (var i = 0; i < garbage.Length; i++)
            if (garbage[i] == (byte)'$') garbage[i] = 0xA5;
        await SendAllAsync(socket, garbage, cancellationToken).ConfigureAwait(false);
    }
}
