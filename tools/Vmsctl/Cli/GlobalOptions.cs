using System.CommandLine;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// --url, --token, --json, --timeout and --verbose, accepted before or after any command, and the one
/// place that turns a command's action into an exit code (every failure goes through <see cref="ErrorReporter"/>).
/// </summary>
public sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string UrlVariable = "VMS_URL";
    public const string TokenVariable = BearerToken.Variable;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly CliConsole _console;
    private readonly Func<string, string?> _environment;

    public GlobalOptions(CliConsole console, Func<string, string?> environment)
    {
        _console = console;
        _environment = environment;
        Url = new Option<string>("--url")
        {
            Description = $"Base URL of the management server (environment: {UrlVariable})",
            Recursive = true,
            DefaultValueFactory = _ => environment(UrlVariable) is { Length: > 0 } url ? url : DefaultUrl,
        };
        // No DefaultValueFactory from VMS_TOKEN: help prints defaults, and the token must not show there.
        Token = new Option<string>("--token")
        {
            Description = $"Token from vmsctl login, sent as 'Authorization: Bearer' (environment: {TokenVariable}, which is better: a command line shows in ps)",
            Recursive = true,
        };
        Json = new Option<bool>("--json") { Description = "Print JSON (the API's documents) instead of tables; errors as problem documents", Recursive = true };
        Timeout = Durations.Option("--timeout", "How long to wait for each answer of a server", DefaultTimeout);
        Timeout.Recursive = true;
        Verbose = new Option<bool>("--verbose") { Description = "Print each request and answer (method, URL, headers, status, time) on stderr; the token never", Recursive = true };
    }

    public Option<string> Url { get; }
    public Option<string> Token { get; }
    public Option<bool> Json { get; }
    public Option<TimeSpan?> Timeout { get; }
    public Option<bool> Verbose { get; }

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(Token);
        root.Options.Add(Json);
        root.Options.Add(Timeout);
        root.Options.Add(Verbose);
    }

    /// <summary>An environment variable, null when unset or empty.</summary>
    public string? Variable(string name) => _environment(name) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// The token as given (--token, else VMS_TOKEN), unchecked: what error output must never show.
    /// From the raw tokens, so that it works on a command line that did not parse too.
    /// </summary>
    public string? GivenToken(ParseResult parse) =>
        parse.GetResult(Token)?.Tokens is [.., var last] && last.Value.Length > 0 ? last.Value : Variable(TokenVariable);

    /// <summary>Runs <paramref name="action"/> with a context; its failures become one error line (or problem) and an exit code.</summary>
    /// <param name="anonymous">
    /// The command sends no token (vmsctl login): it is the way out of an expired or broken one, so
    /// it neither needs nor checks it.
    /// </param>
    public void SetAction(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> action, bool anonymous = false) =>
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(Json);
            var secret = anonymous ? null : GivenToken(parse);
            try
            {
                var token = anonymous ? null : BearerToken.Resolve(parse.GetValue(Token), _environment);
                var api = new ApiClient(ManagementUrl(parse), parse.GetValue(Timeout) ?? DefaultTimeout, token, parse.GetValue(Verbose) ? _console.Error : null);
                using var context = new CommandContext(_console, json, api, TimeProvider.System);
                return await action(context, parse, ct);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(_console, json, e, ct, secret);
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
