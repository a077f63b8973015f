using System.Text.Json;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// Turns a command's failure into one line on stderr ("vmsctl: Not found (404): Device 'x' is not
/// registered.") or, with --json, one problem document (the server's own when it sent one), and
/// returns the exit code. Never a stack trace, and never the token: whatever a failure's text
/// holds, the token is cut out of it here, the one place every failure passes.
/// </summary>
public static class ErrorReporter
{
    private const string Redacted = "<token>";

    /// <param name="token">The token the command sent (null: none), kept out of the output.</param>
    public static int Report(CliConsole console, bool json, Exception exception, CancellationToken ct, string? token = null)
    {
        var failure = exception switch
        {
            ApiProblemException { Status: 401 } e => SignInHint.For(e, tokenSent: token is not null),
            CliException e => e,
            OperationCanceledException when ct.IsCancellationRequested => new CliException(ExitCodes.Interrupted, "Interrupted", "stopped by the user."),
            JsonException e => new CliException(ExitCodes.Failure, "Unexpected answer", $"the server's answer was not understood: {e.Message}"),
            _ => new CliException(ExitCodes.Failure, "Unexpected error", $"{exception.GetType().Name}: {exception.Message}"),
        };
        Write(console, json, failure, token);
        return failure.ExitCode;
    }

    public static void Write(CliConsole console, bool json, CliException failure, string? token = null)
    {
        var text = json
            ? failure.Problem is { } problem
                ? JsonSerializer.Serialize(problem, ApiJson.Output)
                : JsonSerializer.Serialize(new { title = failure.Title, detail = failure.Detail }, ApiJson.Output)
            : $"vmsctl: {failure.Title}: {string.Join(' ', failure.Detail.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))}";
        console.Error.WriteLine(string.IsNullOrEmpty(token) ? text : text.Replace(token, Redacted, StringComparison.Ordinal));
    }
}
