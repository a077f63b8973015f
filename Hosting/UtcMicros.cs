namespace VmsServices.Hosting;

/// <summary>Times in this system are UTC microseconds since the Unix epoch (see docs/design/time.md).</summary>
public static class UtcMicros
{
    public static long Now(this TimeProvider clock) => FromDateTimeOffset(clock.GetUtcNow());

    public static long FromDateTimeOffset(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTimeOffset ToDateTimeOffset(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero);
}
