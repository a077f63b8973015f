namespace VmsServices.SimCamera.Tests.Onvif;

/// <summary>A clock that moves only when the test says so: wall time and the monotonic timestamp move together.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public static ManualClock StartingAt2030() => new(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
    public override long GetTimestamp() => Interlocked.Read(ref _utcTicks);
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
