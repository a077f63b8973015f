using System.CommandLine;
using System.CommandLine.Invocation;
using VmsServices.Vmsctl.Cli;
using VmsServices.Vmsctl.Commands;

namespace VmsServices.Vmsctl;

/// <summary>
/// vmsctl's entry point, callable in-process (tests pass their own console and environment):
/// parses, reports a bad command line as a usage error (exit 2), runs the command.
/// </summary>
public static class VmsctlApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, Func<string, string?> environment,
        bool handleTerminationSignals = false, CancellationToken ct = default)
    {
        var globals = new GlobalOptions(console, environment);
        var root = new RootCommand("vmsctl: command-line client of the VmsServices management server's HTTP API.");
        globals.AddTo(root);
        foreach (var group in CommandGroups.All)
            foreach (var command in group.Create(globals))
                root.Subcommands.Add(command);
        HelpWithExitCodes.Install(root);

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var json = parse.GetValue(globals.Json);
            var detail = string.Join(" ", parse.Errors.Select(e => e.Message));
            ErrorReporter.Write(console, json, CliException.Usage($"{detail} ({CommandPath(parse)} --help shows the usage)"), globals.GivenToken(parse));
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl+C cancels the command's token; it reports what it kept (an export's .part) and exits 130.
            ProcessTerminationTimeout = handleTerminationSignals ? TimeSpan.FromSeconds(5) : null,
        }, ct);
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Parent is null ? "vmsctl" : r.Command.Name);
        return string.Join(' ', names);
    }
}
