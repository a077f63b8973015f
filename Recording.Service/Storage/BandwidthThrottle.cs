namespace VmsServices.Recording.Storage;

/// <summary>
/// Paces background copies to at most <see cref="MaxBytesPerSecond"/> (0 = unlimited) by keeping a
/// virtual clock of when the bytes sent so far are "paid for": each chunk pushes it forward by
/// bytes / rate, and the caller waits until real time catches up. Idle time earns no credit, so a
/// transfer after a pause never bursts above the rate. Chunks are at most a quarter of a second's
/// worth, so the rate holds over short windows too. Time comes from the injected clock.
/// </summary>
public sealed class BandwidthThrottle
{
    private const int MaxChunkBytes = 1 << 20, MinChunkBytes = 4096;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private long _paidUntilTimestamp;

    public BandwidthThrottle(long maxBytesPerSecond, TimeProvider clock)
    {
        if (maxBytesPerSecond < 0) throw new ArgumentOutOfRangeException(nameof(maxBytesPerSecond), "The bandwidth limit is 0 (unlimited) or a positive number of bytes per second.");
        MaxBytesPerSecond = maxBytesPerSecond;
        _clock = clock;
        ChunkBytes = maxBytesPerSecond == 0 ? MaxChunkBytes : (int)Math.Clamp(maxBytesPerSecond / 4, MinChunkBytes, MaxChunkBytes);
    }

    public static BandwidthThrottle Unlimited { get; } = new(0, TimeProvider.System);

    public long MaxBytesPerSecond { get; }

    /// <summary>How many bytes a caller should move between two <see cref="WaitAsync"/> calls.</summary>
    public int ChunkBytes { get; }

    /// <summary>Accounts for <paramref name="bytes"/> and returns how long to wait before sending them.</summary>
    public TimeSpan Reserve(long bytes)
    {
        if (MaxBytesPerSecond == 0 || bytes <= 0) return TimeSpan.Zero;
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var start = Math.Max(_paidUntilTimestamp, now);
            _paidUntilTimestamp = start + (long)((double)bytes * _clock.TimestampFrequency / MaxBytesPerSecond);
            return start > now ? _clock.GetElapsedTime(now, start) : TimeSpan.Zero;
        }
    }

    /// <summary>Waits (on the injected clock) until <paramref name="bytes"/> may be sent.</summary>
    public Task WaitAsync(long bytes, CancellationToken ct)
    {
        var wait = Reserve(bytes);
        return wait > TimeSpan.Zero ? Task.Delay(wait, _clock, ct) : Task.CompletedTask;
    }
}
