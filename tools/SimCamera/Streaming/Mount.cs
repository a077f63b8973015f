using System.Diagnostics;
using System.Security.Cryptography;
using VmsServices.SimCamera.Rtp;

namespace VmsServices.SimCamera.Streaming;

/// <summary>
/// One simulated camera (<c>/camN</c>): a live stream on its own timeline. Global frame <c>g</c> is due
/// <c>g/fps</c> seconds after the mount's epoch (Stopwatch-based, so pacing never drifts); one async loop per
/// mount sends every due frame to all playing clients. The loop parks while nobody is watching.
/// </summary>
internal sealed class Mount : IAsyncDisposable
{
    private readonly PacketizedLoop _loop;
    private readonly SimulatedCameraOptions _options;
    private readonly long _epochTimestamp;
    private readonly double _fps;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private ClientSink[] _clients = [];
    private long _nextFrame;
    private long _packetsSent;
    private long _octetsSent;
    private long _nextReportTimestamp;

    public Mount(string name, PacketizedLoop loop, SimulatedCameraOptions options)
    {
        Name = name;
        _loop = loop;
        _options = options;
        _fps = loop.FramesPerSecond;
        Ssrc = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        SequenceBase = (ushort)Random.Shared.Next(0, 65536);
        TimestampBase = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        SessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        // Random phase so hundreds of mounts do not all wake at the same instant.
        _epochTimestamp = Stopwatch.GetTimestamp() - (long)(Random.Shared.NextDouble() * Stopwatch.Frequency / _fps);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public string Name { get; }
    public PacketizedLoop Loop => _loop;
    public uint Ssrc { get; }
    public ushort SequenceBase { get; }
    public uint TimestampBase { get; }
    public ulong SessionId { get; }
    public int ClientCount => Volatile.Read(ref _clients).Length;

    private double ElapsedSeconds => (Stopwatch.GetTimestamp() - _epochTimestamp) / (double)Stopwatch.Frequency;

    private long DueFrame(double elapsedSeconds) => Math.Max(0, (long)Math.Floor(elapsedSeconds * _fps));

    /// <summary>
    /// Where a client that subscribes now will start: the next IDR that has not been sent yet, with the RTP
    /// sequence number and timestamp of its first packet (for the PLAY response's RTP-Info).
    /// </summary>
    public (long Frame, ushort Sequence, uint Timestamp) PlanStart()
    {
        var start = _loop.NextKeyFrame(DueFrame(ElapsedSeconds + 0.005) + 1);
        return (start, unchecked((ushort)(SequenceBase + _loop.SequenceOffset(start))), unchecked(TimestampBase + _loop.TimestampOffset(start)));
    }

    /// <summary>Subscribes a client; it receives frames from the first IDR at or after <paramref name="startFrame"/>.</summary>
    public void AddClient(ClientSink client, long startFrame)
    {
        client.StartFrame = startFrame;
        client.Started = false;
        lock (_gate)
        {
            if (!_clients.Contains(client)) _clients = [.. _clients, client];
        }
        _wake.Release();
    }

    public void RemoveClient(ClientSink client)
    {
        lock (_gate)
        {
            if (_clients.Contains(client)) _clients = _clients.Where(c => c != client).ToArray();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var maxBehind = (long)Math.Ceiling(_fps); // more than a second late (process stalled): skip ahead
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (Volatile.Read(ref _clients).Length == 0)
                {
                    await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                    _nextFrame = Math.Max(_nextFrame, DueFrame(ElapsedSeconds));
                    continue;
                }

                var wait = _nextFrame / _fps - ElapsedSeconds;
                if (wait > 0.001) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);

                var due = DueFrame(ElapsedSeconds + 0.001);
                if (due - _nextFrame > maxBehind)
                {
                    _options.Log?.Invoke($"{Name}: {due - _nextFrame} frames late, skipping ahead");
                    _nextFrame = due;
                    foreach (var c in Volatile.Read(ref _clients)) c.Started = false; // resync at the next IDR
                }
                while (_nextFrame <= due) Emit(_nextFrame++);

                var now = Stopwatch.GetTimestamp();
                if (now >= _nextReportTimestamp)
                {
                    _nextReportTimestamp = now + (long)(_options.SenderReportInterval.TotalSeconds * Stopwatch.Frequency);
                    var report = BuildSenderReport();
                    foreach (var c in Volatile.Read(ref _clients))
                        if (c.Started) c.EnqueueRtcp(report);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _options.Log?.Invoke($"{Name}: stream loop failed: {ex}");
        }
    }

    private void Emit(long frame)
    {
        var clients = Volatile.Read(ref _clients);
        if (clients.Length == 0) return;
        var packetized = _loop.FrameAt(frame);
        SharedFrame? shared = null;
        try
        {
            foreach (var client in clients)
            {
                if (!client.Started)
                {
                    if (frame < client.StartFrame || !packetized.IsKeyFrame) continue;
                    client.Started = true;
                    client.EnqueueRtcp(BuildSenderReport());
                }
                if (shared is null)
                {
                    shared = SharedFrame.Rent(packetized.Data.Length);
                    shared.Length = _loop.WriteFrame(frame, Ssrc, SequenceBase, TimestampBase, shared.Buffer);
                }
                if (!client.TryEnqueueMedia(shared))
                    client.Drop($"{Name}: client fell more than {_options.MaxClientLag.TotalSeconds:0.#} s behind (or closed)");
            }
            if (shared is not null)
            {
                _packetsSent += packetized.PacketCount;
                _octetsSent += _loop.PayloadBytes[(int)(frame % _loop.FrameCount)];
            }
        }
        finally
        {
            shared?.Release();
        }
    }

    /// <summary>RTCP SR mapping "now" on the wall clock to the RTP timestamp of this mount's timeline.</summary>
    internal byte[] BuildSenderReport()
    {
        var elapsed = ElapsedSeconds;
        var utc = DateTime.UtcNow;
        var rtp = unchecked(TimestampBase + (uint)(long)Math.Round(elapsed * PacketizedLoop.ClockRate));
        return RtcpSenderReport.Build(1, Ssrc, utc, rtp, unchecked((uint)_packetsSent), unchecked((uint)_octetsSent), $"simcam-{Name}@127.0.0.1");
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _run.ConfigureAwait(false); } catch { /* already logged */ }
        _stop.Dispose();
        _wake.Dispose();
    }
}
