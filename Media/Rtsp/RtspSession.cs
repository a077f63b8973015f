using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using VmsServices.Media.Rtp;

namespace VmsServices.Media.Rtsp;

/// <summary>Receive counters of one track.</summary>
public readonly record struct RtspTrackStatistics(long LostPackets, long DroppedFrames, long InvalidPackets);

/// <summary>
/// A playing RTSP session (RFC 2326) with RTP over TCP interleaved (§10.12):
/// <code>
/// await using var session = await RtspSession.ConnectAsync(new RtspSessionOptions { Url = url }, ct);
/// await session.RunAsync(sample => { /* copy sample.Data if kept */ return ValueTask.CompletedTask; }, ct);
/// </code>
/// <see cref="RunAsync"/> ends only by cancellation (<see cref="OperationCanceledException"/>) or
/// failure (an <see cref="RtspException"/>: connection closed, data stall, keep-alive rejected);
/// the caller reconnects with a new session. Not reusable after it ends.
/// </summary>
public sealed partial class RtspSession : IAsyncDisposable
{
    private const int Idle = 0, Running = 1, Stopped = 2, Disposed = 3;

    private readonly RtspSessionOptions _options;
    private readonly RtspHandshakeResult _handshake;
    private readonly RtpTrackReceiver[] _receivers;
    private readonly ReceiveBatcher _batcher;
    private readonly byte[] _packet = new byte[ushort.MaxValue];
    private readonly TaskCompletionSource _runCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;
    private CancellationTokenSource? _runCts;
    private volatile Exception? _failure;

    private RtspSession(RtspSessionOptions options, RtspHandshakeResult handshake)
    {
        _options = options;
        _handshake = handshake;
        _useGetParameter = handshake.UseGetParameter;
        _batcher = new ReceiveBatcher(handshake.Connection.TrySetReceiveLowWater, options.ReceiveBatchInterval);
        _receivers = new RtpTrackReceiver[handshake.Tracks.Count];
        for (int i = 0; i < _receivers.Length; i++)
            _receivers[i] = new RtpTrackReceiver(i, handshake.Tracks[i]);
    }

    /// <summary>The tracks being played, in SDP order; <see cref="MediaSample.TrackIndex"/> indexes this list.</summary>
    public IReadOnlyList<TrackInfo> Tracks => _handshake.Tracks;

    /// <summary>Changes <see cref="RtspSessionOptions.ReceiveBatchInterval"/> while the session runs (zero: no batching); from any thread.</summary>
    public void SetReceiveBatchInterval(TimeSpan interval) => _batcher.SetInterval(interval);

    /// <summary>The socket's receive low-water mark in force, in bytes (1 = every byte wakes the reader).</summary>
    public int ReceiveLowWaterBytes => _batcher.LowWater;

    public string SessionId => _handshake.Connection.SessionId!;
    /// <summary>The aggregate control URL used for PLAY, keep-alives and TEARDOWN.</summary>
    public string ControlUrl => _handshake.AggregateUrl;
    public TimeSpan SessionTimeout => _handshake.SessionTimeout;
    /// <summary>Bytes skipped while resynchronising the interleaved stream.</summary>
    public long SkippedBytes { get; private set; }

    public RtspTrackStatistics GetStatistics(int trackIndex)
    {
        RtpTrackReceiver r = _receivers[trackIndex];
        return new RtspTrackStatistics(r.LostPackets, r.DroppedFrames, r.InvalidPackets);
    }

    /// <summary>
    /// Connects, authenticates if challenged, and runs OPTIONS/DESCRIBE/SETUP/PLAY.
    /// Throws <see cref="RtspException"/> subtypes on failure.
    /// </summary>
    public static async Task<RtspSession> ConnectAsync(RtspSessionOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RtspHandshakeResult handshake = await RtspHandshake.RunAsync(options, ct).ConfigureAwait(false);
        return new RtspSession(options, handshake);
    }

    /// <summary>
    /// Receives media until <paramref name="ct"/> is cancelled or the session fails, calling
    /// <paramref name="onSample"/> for every access unit in arrival order. The sample's
    /// <see cref="MediaSample.Data"/> is only valid until the returned ValueTask completes.
    /// </summary>
    public async Task RunAsync(Func<MediaSample, ValueTask> onSample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onSample);
        if (Interlocked.CompareExchange(ref _state, Running, Idle) != Idle)
            throw new InvalidOperationException("RunAsync can only be called once, before DisposeAsync.");
        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _runCts = runCts;
        Volatile.Write(ref _lastMediaTicks, Environment.TickCount64);
        Task monitor = MonitorAsync(runCts.Token);
        try
        {
            await ReadLoopAsync(onSample, runCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && _failure is not null)
        {
            throw _failure;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new RtspConnectionException($"Connection lost: {e.Message}", e);
        }
        finally
        {
            runCts.Cancel();
            try
            {
                await monitor.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // the monitor reports through _failure
            }
            _runCts = null;
            Interlocked.CompareExchange(ref _state, Stopped, Running);
            _runCompleted.TrySetResult();
        }
    }

    private async Task ReadLoopAsync(Func<MediaSample, ValueTask> onSample, CancellationToken token)
    {
        PipeReader reader = _handshake.Connection.Reader;
        RtspFramerLimits limits = _options.Limits;
        int[] channels = _handshake.ChannelMap;
        while (true)
        {
            ReadResult result = await reader.ReadAsync(token).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            try
            {
                while (true)
                {
                    ReadOnlySequence<byte> before = buffer;
                    RtspFrameKind kind = RtspFramer.TryReadNext(ref buffer, limits, out int channel,
                        out ReadOnlySequence<byte> payload, out RtspResponse? response);
                    if (kind == RtspFrameKind.NeedMoreData)
                        break;
                    if (kind == RtspFrameKind.Skipped)
                    {
                        SkippedBytes += before.Length - buffer.Length;
                        continue;
                    }
                    if (kind == RtspFrameKind.Response)
                    {
                        OnResponse(response!);
                        continue;
                    }
                    int slot = channels[channel];
                    if (slot < 0 || !LooksLikeRtp(payload, isRtcp: (slot & 1) == 1))
                    {
                        // Not one of our channels or not RTP/RTCP: a false '$', resync after it.
                        buffer = before.Slice(1);
                        SkippedBytes++;
                        continue;
                    }
                    int length = (int)payload.Length;
                    payload.CopyTo(_packet);
                    RtpTrackReceiver receiver = _receivers[slot >> 1];
                    if ((slot & 1) == 1)
                    {
                        receiver.ProcessRtcp(_packet.AsSpan(0, length));
                        continue;
                    }
                    if (!receiver.ProcessRtp(_packet.AsMemory(0, length)))
                        continue;
                    Volatile.Write(ref _lastMediaTicks, Environment.TickCount64);
                    for (int i = 0; i < receiver.ReadyCount; i++)
                        await onSample(receiver.GetReady(i)).ConfigureAwait(false);
                }
                if (result.IsCompleted)
                    throw new RtspConnectionException("The camera closed the connection");
            }
            finally
            {
                _batcher.OnReceived(result.Buffer.Length - buffer.Length);
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>RTP/RTCP version 2 (RFC 3550 §5.1, §6.4) with room for the fixed header.</summary>
    private static bool LooksLikeRtp(in ReadOnlySequence<byte> payload, bool isRtcp) =>
        payload.Length >= (isRtcp ? 8 : RtpPacket.FixedHeaderLength) && payload.FirstSpan[0] >> 6 == 2;

    private void Fail(Exception failure)
    {
        _failure ??= failure;
        try
        {
            _runCts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // run already finished
        }
    }

    /// <summary>
    /// Stops <see cref="RunAsync"/> if it is running, sends TEARDOWN (§10.7) best-effort and closes
    /// the connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        int previous = Interlocked.Exchange(ref _state, Disposed);
        if (previous == Disposed)
            return;
        if (previous == Running)
        {
            try
            {
                _runCts?.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            await _runCompleted.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        RtspConnection connection = _handshake.Connection;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            int cseq = await connection.WriteRequestAsync("TEARDOWN", _handshake.AggregateUrl, null, cts.Token).ConfigureAwait(false);
            if (_runCompleted.Task.IsCompleted || previous == Idle)
                await connection.ReadResponseAsync(cseq, "TEARDOWN", cts.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // best effort: the camera may be gone already
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        foreach (RtpTrackReceiver r in _receivers)
            r.Dispose();
    }
}
