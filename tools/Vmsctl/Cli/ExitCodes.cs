namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// vmsctl's exit codes. They are part of its interface (scripts branch on them): never renumber,
/// only add. README.md and --help list them from <see cref="All"/>.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Unavailable = 5;
    public const int Unhealthy = 6;
    public const int Timeout = 7;
    public const int Forbidden = 8;
    public const int Interrupted = 130;

    public static readonly IReadOnlyList<(int Code, string Meaning)> All =
    [
        (Ok, "success"),
        (Failure, "the operation failed (e.g. a move was rolled back), or an unexpected error"),
        (Usage, "usage error: bad command line, or the server refused the input (400)"),
        (NotFound, "not found: unknown device, server, move or recording (404)"),
        (Conflict, "conflict: already exists, still in use, a move under way (409), or the output file exists"),
        (Unavailable, "server unreachable, or a server error (5xx other than 504)"),
        (Unhealthy, "health: a node is not ready"),
        (Timeout, "timeout: no answer within --timeout, a move timed out (504), or --wait-timeout passed"),
        (Forbidden, "not authorized: not signed in, token expired or refused, wrong password at login (401), or the user's role may not do this (403)"),
        (Interrupted, "interrupted (Ctrl+C); an export keeps its .part file and resumes on the next run"),
    ];

    /// <summary>The exit code for an HTTP error status.</summary>
    public static int ForStatus(int status) => status switch
    {
        400 or 413 or 415 or 422 => Usage,
        401 or 403 => Forbidden,
        404 or 410 => NotFound,
        409 or 412 => Conflict,
        408 or 504 => Timeout,
        >= 500 => Unavailable,
        _ => Failure,
    };
}
