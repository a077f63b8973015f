using System.CommandLine;
using VmsServices.Vmsctl.Api;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>vmsctl table: the master configuration table (/api/configuration-table), whole or for one server.</summary>
public sealed class TableCommand : ICommandGroup
{
    public IEnumerable<Command> Create(GlobalOptions globals)
    {
        var server = IdArguments.Option("--server", "Only the rows naming this recording server");
        var command = new Command("table", "The master configuration table: which recording server stores which device") { server };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var query = parse.GetValue(server) is { } id ? $"?recordingServerId={IdArguments.Path(id)}" : "";
            var json = await ctx.Api.GetJsonAsync($"api/configuration-table{query}", ct);
            return ctx.Print(json, () =>
            {
                var table = json.As<ConfigurationTable>();
                ctx.Out.WriteLine($"configuration table version {table.Version}");
                ctx.WriteTable(Rows(table.Entries));
            });
        });
        yield return command;
    }

    /// <summary>Configuration table rows, as every command that shows some prints them.</summary>
    public static TextTable Rows(IEnumerable<ConfigurationEntry> entries)
    {
        var table = new TextTable("DEVICE", "DATA TYPE", "SERVER", "CURRENT");
        foreach (var e in entries) table.Add(e.DeviceId, e.DataType, e.RecordingServerId, Formats.YesNo(e.IsCurrent));
        return table;
    }
}
