using System.Globalization;

namespace VmsServices.Vmsctl.Output;

/// <summary>How numbers read in tables and messages.</summary>
public static class Formats
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    /// <summary>A span in microseconds as seconds with millisecond precision: "4.000 s".</summary>
    public static string Seconds(long micros) => string.Create(CultureInfo.InvariantCulture, $"{micros / 1e6:0.000} s");

    public static string YesNo(bool value) => value ? "yes" : "no";
}
