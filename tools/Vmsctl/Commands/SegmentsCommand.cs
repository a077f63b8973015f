using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl segments: the committed segments of a device in a time range, on whichever recording
/// servers hold them (GET /api/devices/{id}/segments, forwarded by the management server).
/// </summary>
public sealed class SegmentsCommand : ICommandGroup
{
    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var device = IdArguments.Argument("device", "Device id");
        var range = new TimeRangeOptions(required: false);
        var limit = new Option<int?>("--limit") { Description = "At most this many segments, oldest first [default: the server's, 10000]" };
        var command = new Command("segments", "List the recorded segments of a device overlapping a time range") { device, limit };
        range.AddTo(command);
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var (from, to) = range.Resolve(parse, ctx.Clock.GetUtcNow());
            var query = TimeRangeOptions.Query(from, to, parse.GetValue(range.DataType));
            if (parse.GetValue(limit) is { } n) query += (query.Length > 0 ? "&" : "") + $"limit={n}";
            var json = await ctx.Api.GetJsonAsync($"api/devices/{IdArguments.Path(parse.GetValue(device)!)}/segments{(query.Length > 0 ? "?" + query : "")}", ct);
            return ctx.Print(json, () => ctx.WriteTable(Table(json.As<List<Segment>>())));
        });
        yield return command;
    }

    private static TextTable Table(IEnumerable<Segment> segments)
    {
        var table = new TextTable("START (UTC)", "END (UTC)", "DURATION", "SIZE", "AFTER GAP", "SERVER");
        foreach (var s in segments)
            table.Add(UtcTimes.Format(s.StartUtcMicros), UtcTimes.Format(s.EndUtcMicros), Formats.Seconds(s.EndUtcMicros - s.StartUtcMicros),
                Formats.Bytes(s.SizeBytes), Formats.YesNo(s.AfterGap), s.RecordingServerId);
        return table;
    }
}
