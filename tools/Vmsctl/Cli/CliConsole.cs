namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, errors and progress to <see cref="Error"/>.
/// Tests pass string writers; <see cref="ErrorIsTerminal"/> picks a redrawn progress bar over plain lines.
/// <see cref="In"/> is read only for a password (vmsctl login, users set --password-stdin); when it is a
/// terminal (<see cref="InputIsTerminal"/>) the password is typed without echo.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public TextReader In { get; init; } = TextReader.Null;
    public bool InputIsTerminal { get; init; }

    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected)
    {
        In = Console.In,
        InputIsTerminal = !Console.IsInputRedirected,
    };
}
