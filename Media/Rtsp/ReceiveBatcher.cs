namespace VmsServices.Media.Rtsp;

/// <summary>
/// Makes a streaming connection wake its reader about every <see cref="RtspSessionOptions.ReceiveBatchInterval"/>
/// instead of at every camera write. Waking a thread-pool reader costs far more than the bytes it reads
/// (epoll, work item, futex, a receive that returns data and one that returns EAGAIN), and cameras write a
/// frame or a single RTP packet at a time. So the socket's low-water mark (SO_RCVLOWAT) is set to what
/// the camera sends in one interval, measured over the last second, and capped at <see cref="MaxLowWaterBytes"/>.
/// A stream whose rate drops sharply would otherwise sit below the mark: <see cref="Relax"/> (called by
/// the watchdog when media is late) drops it to one byte until the next measurement. The interval can
/// change while the session runs (<see cref="SetInterval"/>: a recorder turns batching off while
/// someone watches live, so batching never adds latency to a picture a person is looking at).
/// </summary>
internal sealed class ReceiveBatcher
{
    /// <summary>
    /// Below the read buffer (<see cref="RtspConnection.ReadBufferBytes"/>), so one receive still drains
    /// what woke it: about 450 ms of a 2 Mbit/s camera; faster cameras wake their reader more often.
    /// </summary>
    public const int MaxLowWaterBytes = 112 * 1024;
    private const long MeasureMs = 1000;

    private readonly Func<int, bool> _setLowWater;
    private readonly Func<long> _now;
    private readonly Lock _applying = new();
    private long _intervalTicks;
    private bool _supported = true;
    private long _periodStart;
    private long _periodBytes;
    private int _lowWater = 1;

    /// <param name="setLowWater">Sets the socket's mark (<see cref="RtspConnection.TrySetReceiveLowWater"/>); false = unsupported, stop trying.</param>
    /// <param name="interval">About how often the reader should wake; zero turns batching off.</param>
    /// <param name="milliseconds">Monotonic clock in ms (<see cref="Environment.TickCount64"/>; replaceable in tests).</param>
    public ReceiveBatcher(Func<int, bool> setLowWater, TimeSpan interval, Func<long>? milliseconds = null)
    {
        _setLowWater = setLowWater;
        _intervalTicks = Math.Max(0, interval.Ticks);
        _now = milliseconds ?? (() => Environment.TickCount64);
        _periodStart = _now();
    }

    private bool Enabled => _supported && Volatile.Read(ref _intervalTicks) > 0;

    /// <summary>
    /// A new interval (zero: wake on every byte). Safe from any thread. A shorter one takes effect at
    /// once (the mark drops to one byte, the next measurement sets the new one); a longer one at the
    /// next measurement.
    /// </summary>
    public void SetInterval(TimeSpan interval)
    {
        var previous = Interlocked.Exchange(ref _intervalTicks, Math.Max(0, interval.Ticks));
        if (interval.Ticks < previous) Apply(null);
    }

    /// <summary>The mark in force, in bytes (1 = wake on every byte).</summary>
    public int LowWater => Volatile.Read(ref _lowWater);

    /// <summary>Counts bytes the reader consumed; once a second retunes the low-water mark.</summary>
    public void OnReceived(long bytes)
    {
        if (!Enabled)
        {
            // Measure afresh once batching is back on, not over the time it was off.
            _periodBytes = 0;
            _periodStart = _now();
            return;
        }
        _periodBytes += bytes;
        long now = _now();
        long elapsed = now - _periodStart;
        if (elapsed < MeasureMs) return;
        double bytesPerSecond = _periodBytes * 1000.0 / elapsed;
        _periodStart = now;
        _periodBytes = 0;
        Apply(bytesPerSecond);
    }

    /// <summary>Back to waking on every byte (media is late); the next measurement sets the mark again.</summary>
    public void Relax() => Apply(null);

    /// <summary>
    /// Sets the mark for a measured rate (null: one byte). The reader (measurements) and a viewer's thread
    /// (SetInterval) may both set it: the interval is read and the mark set under one lock, so a
    /// measurement taken before the interval changed cannot overwrite the mark SetInterval chose, and the
    /// socket's mark and _lowWater never disagree.
    /// </summary>
    private void Apply(double? bytesPerSecond)
    {
        lock (_applying)
        {
            if (!_supported) return;
            long interval = Volatile.Read(ref _intervalTicks);
            int target = bytesPerSecond is { } rate && interval > 0
                ? (int)Math.Clamp(rate * TimeSpan.FromTicks(interval).TotalSeconds, 1, MaxLowWaterBytes)
                : 1;
            int current = _lowWater;
            // Small changes are not worth a system call (nor is setting the mark it already has).
            if (Math.Abs(target - current) * 4 < current) return;
            if (_setLowWater(target)) Volatile.Write(ref _lowWater, target);
            else _supported = false;
        }
    }
}
