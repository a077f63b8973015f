using System.Globalization;

namespace VmsServices.OperatorConsole.Tests.Infrastructure;

/// <summary>
/// The browser's time zone in these tests: a fixed offset that puts local noon near the time the
/// tests run, so that no recording of a run crosses the local midnight that ends the viewer's day,
/// and the console's local-time handling is exercised away from UTC.
/// </summary>
public sealed class BrowserClock
{
    private BrowserClock(int offsetHours) => OffsetHours = offsetHours;

    public int OffsetHours { get; }

    /// <summary>IANA name of the zone; Etc/GMT signs are inverted (Etc/GMT-5 is UTC+5).</summary>
    public string TimeZoneId => OffsetHours == 0 ? "Etc/GMT" : $"Etc/GMT{(OffsetHours > 0 ? "-" : "+")}{Math.Abs(OffsetHours)}";

    public static BrowserClock NoonNow() => new(12 - DateTime.UtcNow.Hour);

    /// <summary>
    /// An instant, to the second, as the value of an input type=datetime-local in the browser's zone,
    /// in the normalized form the browser gives back (HTML: seconds omitted when zero); Playwright's
    /// fill reads the value back and calls anything else "Malformed value" (one time in 60).
    /// </summary>
    public string LocalInput(long utcMicros)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(utcMicros / 1000).ToOffset(TimeSpan.FromHours(OffsetHours));
        return local.ToString(local.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
