using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace VmsServices.Vmsctl.Cli;

/// <summary>The standard help, followed by the exit codes (in full for vmsctl --help, a pointer to them elsewhere).</summary>
public sealed class HelpWithExitCodes(HelpAction standard) : SynchronousCommandLineAction
{
    public static void Install(Command root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction standard) help.Action = new HelpWithExitCodes(standard);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var result = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (parseResult.CommandResult.Command is RootCommand)
        {
            output.WriteLine("Exit codes:");
            foreach (var (code, meaning) in ExitCodes.All) output.WriteLine($"  {code,-5}{meaning}");
            output.WriteLine();
        }
        else
        {
            output.WriteLine("Exit codes: 0 ok, 2 usage, 3 not found, 4 conflict, 5 unreachable, 7 timeout, 8 not authorized; vmsctl --help lists all.");
            output.WriteLine();
        }
        return result;
    }
}
