using System.CommandLine;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// --url, --json and --timeout, accepted before or after any command, and the one place that
/// turns a command's action into an exit code (every failure goes through <see cref="ErrorReporter"/>).
/// </summary>
public sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string UrlVariable = "VMS_URL";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly CliConsole _console;

    public GlobalOptions(CliConsole console, Func<string, string?> environment)
    {
        _console = console;
        Url = new Option<string>("--url")
        {
            Description = $"Base URL of the management server (environment: {UrlVariable})",
            Recursive = true,
            DefaultValueFactory = _ => environment(UrlVariable) is { Length: > 0 } url ? url : DefaultUrl,
        };
        Json = new Option<bool>("--json") { Description = "Print JSON (the API's documents) instead of tables; errors as problem documents", Recursive = true };
        Timeout = Durations.Option("--timeout", "How long to wait for each answer of a server", DefaultTimeout);
        Timeout.Recursive = true;
    }

    public Option<string> Url { get; }
    public Option<bool> Json { get; }
    public Option<TimeSpan?> Timeout { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
    }

    /// <summary>Runs <paramref name="action"/> with a context; its failures become one error line (or problem) and an exit code.</summary>
    public void SetAction(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(Json);
            try
            {
                using var context = new CommandContext(_console, json, new ApiClient(ManagementUrl(parse), parse.GetValue(Timeout) ?? DefaultTimeout), TimeProvider.System);
                return await action(context, parse, ct);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(_console, json, e, ct);
            }
        });

    private Uri ManagementUrl(ParseResult parse)
    {
        var text = parse.GetValue(Url) ?? DefaultUrl;
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0
            ? url
            : throw CliException.Usage($"--url: '{text}' is not an absolute http or https URL without a query (e.g. {DefaultUrl}).");
    }
}
