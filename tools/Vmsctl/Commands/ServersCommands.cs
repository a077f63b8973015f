using System.CommandLine;
using System.Text.Json.Nodes;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>vmsctl servers list|status|show|add|remove: the registry of recording servers (/api/recording-servers).</summary>
public sealed class ServersCommands : ICommandGroup
{
    private const string Path = "api/recording-servers";

    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var servers = new Command("servers", "Recording servers registered at the management server");
        servers.Subcommands.Add(ResourceCommands.List<RecordingServer>(globals, "List the recording servers", Path, Table));
        servers.Subcommands.Add(ServerStatusCommand.Create(globals));
        servers.Subcommands.Add(Show(globals));
        servers.Subcommands.Add(Add(globals));
        servers.Subcommands.Add(ResourceCommands.Remove(globals, "recording server",
            "Unregister a recording server (refused while configuration table rows name it)", Path));
        yield return servers;
    }

    private static Command Show(GlobalOptions globals)
    {
        var id = IdArguments.Argument("id", "Recording server id");
        var command = new Command("show", "One recording server and the configuration table rows that name it") { id };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var serverId = IdArguments.Path(parse.GetValue(id)!);
            var server = await ctx.Api.GetJsonAsync($"{Path}/{serverId}", ct);
            var rows = await ctx.Api.GetJsonAsync($"api/configuration-table?recordingServerId={serverId}", ct);
            if (ctx.Json)
            {
                // One document for both answers: the server, with its rows added.
                var both = JsonNode.Parse(server.GetRawText())!.AsObject();
                both["configurationTable"] = JsonNode.Parse(rows.GetRawText());
                ctx.WriteJson(both);
                return ExitCodes.Ok;
            }
            ctx.WriteTable(Table([server.As<RecordingServer>()]));
            ctx.Out.WriteLine();
            ctx.WriteTable(TableCommand.Rows(rows.As<ConfigurationTable>().Entries));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(GlobalOptions globals)
    {
        var id = IdArguments.Argument("id", "Recording server id");
        var name = new Option<string>("--name") { Description = "Display name [default: the id]" };
        var address = new Option<string>("--address") { Description = "HTTP base URL its peers and clients use (http://host:5081)", Required = true };
        var command = new Command("add", "Register a recording server") { id, name, address };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var serverId = parse.GetValue(id)!;
            var created = await ctx.Api.PostJsonAsync(Path, new { id = serverId, name = parse.GetValue(name) ?? serverId, address = parse.GetValue(address) }, ct);
            return ctx.Print(created.Json, () => ctx.Out.WriteLine($"registered recording server {serverId} at {created.Json.As<RecordingServer>().Address}"));
        });
        return command;
    }

    private static TextTable Table(IEnumerable<RecordingServer> servers)
    {
        var table = new TextTable("ID", "NAME", "ADDRESS");
        foreach (var s in servers) table.Add(s.Id, s.Name, s.Address);
        return table;
    }
}
