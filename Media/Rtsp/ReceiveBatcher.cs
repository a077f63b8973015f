namespace VmsServices.Media.Rtsp;

/// <summary>
/// Makes a streaming connection wake its reader about every <see cref="RtspSessionOptions.ReceiveBatchInterval"/>
/// instead of at every camera write. Waking a thread-pool reader costs far more than the bytes it reads
/// (epoll, work item, futex, a receive that returns data and one that returns EAGAIN), and cameras write a
/// frame or a single RTP packet at a time. So the socket's low-water mark (SO_RCVLOWAT) is set to what
/// the camera sends in one interval, measured over the last second, and capped at <see cref="MaxLowWaterBytes"/>.
/// A stream whose rate drops sharply would otherwise sit below the mark: <see cref="Relax"/> (called by
/// the watchdog when media is late) drops it to one byte until the next measurement.
/// </summary>
internal sealed class ReceiveBatcher
{
    /// <summary>
    /// Below the read buffer (64 KiB), so one receive still drains what woke it: about 200 ms of a
    /// 2 Mbit/s camera; faster cameras wake their reader more often.
    /// </summary>
    public const int MaxLowWaterBytes = 48 * 1024;
    private const long MeasureMs = 1000;

    private readonly Func<int, bool> _setLowWater;
    private readonly double _intervalSeconds;
    private readonly Func<long> _now;
    private bool _enabled;
    private long _periodStart;
    private long _periodBytes;
    private int _lowWater = 1;

    /// <param name="setLowWater">Sets the socket's mark (<see cref="RtspConnection.TrySetReceiveLowWater"/>); false = unsupported, stop trying.</param>
    /// <param name="interval">About how often the reader should wake; zero turns batching off.</param>
    /// <param name="milliseconds">Monotonic clock in ms (<see cref="Environment.TickCount64"/>; replaceable in tests).</param>
    public ReceiveBatcher(Func<int, bool> setLowWater, TimeSpan interval, Func<long>? milliseconds = null)
    {
        _setLowWater = setLowWater;
        _intervalSeconds = interval.TotalSeconds;
        _enabled = interval > TimeSpan.Zero;
        _now = milliseconds ?? (() => Environment.TickCount64);
        _periodStart = _now();
    }

    /// <summary>The mark in force, in bytes (1 = wake on every byte).</summary>
    public int LowWater => Volatile.Read(ref _lowWater);

    /// <summary>Counts bytes the reader consumed; once a second retunes the low-water mark.</summary>
    public void OnReceived(long bytes)
    {
        if (!_enabled) return;
        _periodBytes += bytes;
        long now = _now();
        long elapsed = now - _periodStart;
        if (elapsed < MeasureMs) return;
        double bytesPerSecond = _periodBytes * 1000.0 / elapsed;
        _periodStart = now;
        _periodBytes = 0;
        int target = (int)Math.Clamp(bytesPerSecond * _intervalSeconds, 1, MaxLowWaterBytes);
        int current = Volatile.Read(ref _lowWater);
        // Small changes are not worth a system call.
        if (Math.Abs(target - current) * 4 < current) return;
        Apply(target);
    }

    /// <summary>Back to waking on every byte (media is late); the next measurement sets the mark again.</summary>
    public void Relax()
    {
        if (_enabled && Volatile.Read(ref _lowWater) > 1) Apply(1);
    }

    private void Apply(int bytes)
    {
        if (_setLowWater(bytes)) Volatile.Write(ref _lowWater, bytes);
        else _enabled = false;
    }
}
