using System.CommandLine;

namespace VmsServices.Vmsctl.Cli;

/// <summary>--from, --to and --data-type of the commands that read recordings, turned into the API's query.</summary>
public sealed class TimeRangeOptions
{
    public TimeRangeOptions(bool required)
    {
        From = new Option<string>("--from") { Description = $"Start of the range: {UtcTimes.Syntax}", Required = required };
        To = new Option<string>("--to") { Description = $"End of the range (exclusive), same forms{(required ? "" : " [default: no end]")}", Required = required };
        DataType = new Option<string>("--data-type") { Description = "video or audio [default: video]" };
    }

    public Option<string> From { get; }
    public Option<string> To { get; }
    public Option<string> DataType { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(DataType);
    }

    /// <summary>The range in UTC microseconds; relative times count back from <paramref name="now"/>.</summary>
    public (long? From, long? To) Resolve(ParseResult parse, DateTimeOffset now)
    {
        var from = parse.GetValue(From) is { } f ? UtcTimes.Parse(f, "--from", now) : (long?)null;
        var to = parse.GetValue(To) is { } t ? UtcTimes.Parse(t, "--to", now) : (long?)null;
        if (from is { } a && to is { } b && b <= a)
            throw CliException.Usage($"--to ({UtcTimes.Format(b)}) must be after --from ({UtcTimes.Format(a)}).");
        return (from, to);
    }

    /// <summary>"fromUtcMicros=..&amp;toUtcMicros=..&amp;dataType=.." for what was given.</summary>
    public static string Query(long? from, long? to, string? dataType)
    {
        var query = new List<string>();
        if (from is { } f) query.Add($"fromUtcMicros={f}");
        if (to is { } t) query.Add($"toUtcMicros={t}");
        if (dataType is not null) query.Add($"dataType={Uri.EscapeDataString(dataType)}");
        return string.Join('&', query);
    }
}
