using System.Text.Json;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// An expected failure of a command: what to tell the user (one line), the exit code, and the
/// RFC 9457 problem document to print with --json (the server's own when it sent one).
/// </summary>
public class CliException(int exitCode, string title, string detail, JsonElement? problem = null) : Exception($"{title}: {detail}")
{
    public int ExitCode { get; } = exitCode;
    public string Title { get; } = title;
    public string Detail { get; } = detail;
    public JsonElement? Problem { get; } = problem;

    public static CliException Usage(string detail) => new(ExitCodes.Usage, "Usage error", detail);
}
