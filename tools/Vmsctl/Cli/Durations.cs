using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VmsServices.Vmsctl.Cli;

/// <summary>Durations on the command line: "30" (seconds), "500ms", "30s", "10m", "2h", "1d", or "hh:mm:ss".</summary>
public static partial class Durations
{
    public const string Syntax = "a number with a unit (500ms, 30s, 10m, 2h, 1d; no unit: seconds) or hh:mm:ss";

    /// <param name="requireUnit">true where a bare number means something else (UTC microseconds in a time).</param>
    public static bool TryParse(string text, out TimeSpan duration, bool requireUnit = false)
    {
        duration = default;
        var m = WithUnit().Match(text.Trim());
        if (m.Success && (m.Groups["unit"].Length > 0 || !requireUnit))
        {
            var micros = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * m.Groups["unit"].Value switch
            {
                "us" => 1, "ms" => 1e3, "m" => 60e6, "h" => 3600e6, "d" => 86400e6, _ => 1e6,
            };
            // About 29 000 years: anything longer is a typo, not a duration.
            if (micros > 9e17) return false;
            duration = TimeSpan.FromTicks((long)(micros * 10));
            return true;
        }
        return !requireUnit && text.Contains(':') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    /// <summary>
    /// An option taking a positive duration; a bad one is a usage error naming the syntax. Its
    /// default is applied by <see cref="Get"/>, so that help shows "30s" rather than "00:00:30".
    /// </summary>
    public static Option<TimeSpan?> Option(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description}, {Syntax} [default: {Describe(defaultValue)}]",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (TryParse(text, out var duration) && duration > TimeSpan.Zero) return duration;
            result.AddError($"{name}: '{text}' is not a positive duration; use {Syntax}.");
            return null;
        },
    };

    /// <summary>"30s", "5m", "1.5s": a duration as the options accept it.</summary>
    public static string Describe(TimeSpan d) =>
        d.TotalMinutes >= 1 && d.TotalMinutes % 1 == 0 ? $"{d.TotalMinutes:0}m" : $"{d.TotalSeconds:0.###}s";

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<unit>us|ms|s|m|h|d|)$", RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();
}
