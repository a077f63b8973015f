using System.Globalization;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Instants on the command line, turned into the API's unit (UTC microseconds since the Unix
/// epoch): ISO-8601 ("2025-06-01T10:00:00Z"; without an offset it is UTC), relative to now
/// ("-10m", "-2h", "now"), or UTC microseconds ("1748772000000000").
/// </summary>
public static class UtcTimes
{
    public const string Syntax = "ISO-8601 (UTC unless it has an offset), relative to now (now, -30s, -10m, -2h, -1d) or UTC microseconds";

    private static readonly long MaxMicros = ToMicros(DateTimeOffset.MaxValue);

    public static long Parse(string text, string what, DateTimeOffset now)
    {
        var t = text.Trim();
        if (t.Equals("now", StringComparison.OrdinalIgnoreCase)) return ToMicros(now);
        if (t.StartsWith('-') && Durations.TryParse(t[1..], out var ago, requireUnit: true) && ago <= now - DateTimeOffset.UnixEpoch)
            return ToMicros(now - ago);
        if (t.Length > 0 && t.All(char.IsAsciiDigit))
            return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) && micros <= MaxMicros
                ? micros
                : throw CliException.Usage($"{what}: '{text}' is past the largest time.");
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return ToMicros(at);
        throw CliException.Usage($"{what}: '{text}' is not a time; use {Syntax}.");
    }

    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>ISO-8601 UTC with microseconds, the API's precision: "2025-06-01T10:00:00.123456Z".</summary>
    public static string Format(long micros) =>
        micros is >= 0 && micros <= MaxMicros
            ? new DateTimeOffset(DateTime.UnixEpoch.Ticks + micros * 10, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)
            : micros.ToString(CultureInfo.InvariantCulture);

    /// <summary>ISO-8601 UTC to the second, for times a person reads (when a move was requested).</summary>
    public static string FormatSeconds(long micros) => Format(micros) is var s && s.Length == 27 ? s[..19] + "Z" : s;
}
