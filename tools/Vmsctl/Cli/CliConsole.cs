namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, errors and progress to <see cref="Error"/>.
/// Tests pass string writers; <see cref="ErrorIsTerminal"/> picks a redrawn progress bar over plain lines.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
