using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>The throttle's pacing on a clock the test moves: no sleeping, no timing thresholds.</summary>
public sealed class BandwidthThrottleTests
{
    private readonly SteppedClock _clock = new();

    [Test]
    public void Chunks_are_paced_at_the_limit_and_the_first_one_goes_at_once()
    {
        var throttle = new BandwidthThrottle(1000, _clock);

        Assert.That(throttle.Reserve(500), Is.EqualTo(TimeSpan.Zero));
        Assert.That(throttle.Reserve(500), Is.EqualTo(TimeSpan.FromSeconds(0.5)));
        Assert.That(throttle.Reserve(1000), Is.EqualTo(TimeSpan.FromSeconds(1)));
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.That(throttle.Reserve(250), Is.EqualTo(TimeSpan.FromSeconds(0.5)), "2000 bytes are paid for at 2 s");
    }

    [Test]
    public void Idle_time_earns_no_burst()
    {
        var throttle = new BandwidthThrottle(1000, _clock);
        throttle.Reserve(100);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.That(throttle.Reserve(1000), Is.EqualTo(TimeSpan.Zero));
        Assert.That(throttle.Reserve(1000), Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void Zero_is_unlimited_and_a_negative_limit_is_a_clear_error()
    {
        Assert.That(new BandwidthThrottle(0, _clock).Reserve(long.MaxValue / 2), Is.EqualTo(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BandwidthThrottle(-1, _clock));
    }

    [Test]
    public void Chunks_are_a_quarter_second_of_the_limit_within_bounds()
    {
        Assert.That(new BandwidthThrottle(400_000, _clock).ChunkBytes, Is.EqualTo(100_000));
        Assert.That(new BandwidthThrottle(1, _clock).ChunkBytes, Is.EqualTo(4096));
        Assert.That(new BandwidthThrottle(0, _clock).ChunkBytes, Is.EqualTo(1 << 20));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks = 1_000_000;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
