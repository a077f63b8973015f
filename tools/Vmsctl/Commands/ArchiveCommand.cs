using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>
/// vmsctl archive [&lt;device&gt;]: how much of each device's recordings is live, archived and waiting
/// for the archiving server (GET /api/archive, which the management server gathers from every
/// server), with each server's own figures for one device. A listing: it exits 0 even when a
/// server did not answer; those are listed with the reason.
/// </summary>
public sealed class ArchiveCommand : ICommandGroup
{
    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var device = IdArguments.Argument("device", "Device id [default: every device]");
        device.Arity = ArgumentArity.ZeroOrOne;
        var command = new Command("archive", "Per device and data type: recordings live, archived and pending (due to the archiving server)") { device };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var deviceId = parse.GetValue(device);
            var json = await ctx.Api.GetJsonAsync(deviceId is null ? "api/archive" : $"api/archive?deviceId={IdArguments.Path(deviceId)}", ct);
            return ctx.Print(json, () => Write(ctx, json.As<ArchiveOverview>(), perServer: deviceId is not null));
        });
        yield return command;
    }

    private static void Write(CommandContext ctx, ArchiveOverview overview, bool perServer)
    {
        if (overview.Devices.Count == 0) ctx.Out.WriteLine("no recordings on the servers that answered");
        else
        {
            var totals = new TextTable("DEVICE", "DATA TYPE", "LIVE", "ARCHIVED", "PENDING");
            foreach (var d in overview.Devices) totals.Add(d.DeviceId, d.DataType, Tier(d.Live), Tier(d.Archived), Tier(d.Pending));
            ctx.WriteTable(totals);
        }
        if (perServer && overview.Devices.Count > 0)
        {
            ctx.Out.WriteLine();
            var servers = new TextTable("SERVER", "ROLE", "DATA TYPE", "LIVE", "ARCHIVED", "PENDING");
            foreach (var d in overview.Devices)
            foreach (var s in d.Servers)
                servers.Add(s.RecordingServerId, s.Role, d.DataType, Tier(s.Live), Tier(s.Archived), Tier(s.Pending));
            ctx.WriteTable(servers);
        }
        if (overview.Unreachable.Count == 0) return;
        ctx.Out.WriteLine();
        var unreachable = new TextTable("NOT ANSWERING", "ADDRESS", "REASON");
        foreach (var u in overview.Unreachable) unreachable.Add(u.RecordingServerId, u.Address, u.Reason);
        ctx.WriteTable(unreachable);
        ctx.Note("the figures above leave out the servers that did not answer");
    }

    /// <summary>"45.0 MiB (120 segments)".</summary>
    private static string Tier(StorageTier tier) => $"{Formats.Bytes(tier.SizeBytes)} ({tier.SegmentCount} {(tier.SegmentCount == 1 ? "segment" : "segments")})";
}
