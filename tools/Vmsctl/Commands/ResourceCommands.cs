using System.CommandLine;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Http;
using VmsServices.Vmsctl.Output;

namespace VmsServices.Vmsctl.Commands;

/// <summary>The "list" and "remove" every registry of the API has, built the same way for each (servers, devices, what comes next).</summary>
public static class ResourceCommands
{
    /// <summary>GET <paramref name="path"/>: a table of its items, or the API's array with --json.</summary>
    public static Command List<T>(GlobalOptions globals, string description, string path, Func<List<T>, TextTable> table, string name = "list")
    {
        var command = new Command(name, description);
        globals.SetAction(command, async (ctx, _, ct) =>
        {
            var json = await ctx.Api.GetJsonAsync(path, ct);
            return ctx.Print(json, () => ctx.WriteTable(table(json.As<List<T>>())));
        });
        return command;
    }

    /// <summary>DELETE <paramref name="path"/>/{id}.</summary>
    /// <param name="id">The argument naming what to remove, with its own rule [default: an <see cref="IdArguments"/> id].</param>
    /// <param name="name">The command's name, and <paramref name="done"/> what it says after ("removed device x").</param>
    public static Command Remove(GlobalOptions globals, string noun, string description, string path,
        Argument<string>? id = null, string name = "remove", string done = "removed")
    {
        id ??= IdArguments.Argument("id", $"{char.ToUpperInvariant(noun[0])}{noun[1..]} id");
        var command = new Command(name, description) { id };
        globals.SetAction(command, async (ctx, parse, ct) =>
        {
            var removed = parse.GetValue(id)!;
            await ctx.Api.DeleteAsync($"{path}/{Uri.EscapeDataString(removed)}", ct);
            return ctx.Print(new { id = removed, removed = true }, $"{done} {noun} {removed}");
        });
        return command;
    }
}
