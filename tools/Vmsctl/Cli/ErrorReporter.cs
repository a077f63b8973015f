using System.Text.Json;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Turns a command's failure into one line on stderr ("vmsctl: Not found (404): Device 'x' is not
/// registered.") or, with --json, one problem document (the server's own when it sent one), and
/// returns the exit code. Never a stack trace.
/// </summary>
public static class ErrorReporter
{
    public static int Report(CliConsole console, bool json, Exception exception, CancellationToken ct)
    {
        var failure = exception switch
        {
            CliException e => e,
            OperationCanceledException when ct.IsCancellationRequested => new CliException(ExitCodes.Interrupted, "Interrupted", "stopped by the user."),
            JsonException e => new CliException(ExitCodes.Failure, "Unexpected answer", $"the server's answer was not understood: {e.Message}"),
            _ => new CliException(ExitCodes.Failure, "Unexpected error", $"{exception.GetType().Name}: {exception.Message}"),
        };
        Write(console, json, failure);
        return failure.ExitCode;
    }

    public static void Write(CliConsole console, bool json, CliException failure)
    {
        if (json)
            console.Error.WriteLine(failure.Problem is { } problem
                ? JsonSerializer.Serialize(problem, ApiJson.Output)
                : JsonSerializer.Serialize(new { title = failure.Title, detail = failure.Detail }, ApiJson.Output));
        else
            console.Error.WriteLine($"vmsctl: {failure.Title}: {string.Join(' ', failure.Detail.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}");
    }
}
