using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl history: a camera's history as the management server keeps it (GET /api/devices/{id}/history,
/// seed 001 table 3): its state, current owner, previous owners and every assignment, move and
/// availability change. A removed device still has its history.
/// </summary>
public sealed class HistoryCommand : ICommandGroup
{
    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var device = IdArguments.Argument("device", "Device id");
        var command = new Command("history", "A device's state, current and previous recording servers, and its event log") { device };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var json = await ctx.Api.GetJsonAsync($"api/devices/{IdArguments.Path(parse.GetValue(device)!)}/history", ct);
            return ctx.Print(json, () => Write(ctx, json.As<CameraHistory>()));
        });
        yield return command;
    }

    private static void Write(CommandContext ctx, CameraHistory history)
    {
        ctx.Out.WriteLine($"device {history.DeviceId}: {history.State}, " +
                          (history.CurrentOwner is { } owner ? $"current owner {owner}" : "no current owner"));
        ctx.Out.WriteLine();
        if (history.PreviousOwners.Count == 0) ctx.Out.WriteLine("previous owners: none");
        else
        {
            var owners = new TextTable("PREVIOUS OWNER", "FROM (UTC)", "UNTIL (UTC)", "STATE");
            foreach (var o in history.PreviousOwners)
                owners.Add(o.RecordingServerId, UtcTimes.FormatSeconds(o.SinceUtcMicros), o.UntilUtcMicros is { } until ? UtcTimes.FormatSeconds(until) : "", o.State);
            ctx.WriteTable(owners);
        }
        ctx.Out.WriteLine();
        var events = new TextTable("TIME (UTC)", "EVENT", "SERVER", "FROM SERVER", "DETAIL");
        foreach (var e in history.Events)
            events.Add(UtcTimes.FormatSeconds(e.AtUtcMicros), e.Kind, e.RecordingServerId ?? "-", e.FromRecordingServerId ?? "-", e.Detail);
        ctx.WriteTable(events);
    }
}
