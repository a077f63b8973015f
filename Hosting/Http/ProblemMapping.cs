using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace VmsServices.Hosting.Http;

/// <summary>
/// Turns every failure of a request into an RFC 9457 problem response on purpose: expected
/// failures keep their message, anything else becomes a 500 that names only the trace id.
/// </summary>
public sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail) = exception switch
        {
            InvalidRequestException e => (StatusCodes.Status400BadRequest, e.Title, e.Message),
            NotFoundException e => (StatusCodes.Status404NotFound, e.Title, e.Message),
            ConflictException e => (StatusCodes.Status409Conflict, e.Title, e.Message),
            UnavailableException e => (StatusCodes.Status503ServiceUnavailable, e.Title, e.Message),
            UpstreamException e => (StatusCodes.Status502BadGateway, e.Title, e.Message),
            // Malformed JSON, wrong content type, body over the size limit: Kestrel's message is safe to show.
            BadHttpRequestException e => (e.StatusCode, "Bad request", Describe(e)),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed unexpectedly; the service log has the details."),
        };
        if (status >= 500 && exception is not UpstreamException) log.LogError(exception, "Request {Method} {Path} failed", http.Request.Method, http.Request.Path);
        else log.LogInformation("Request {Method} {Path} refused ({Status}): {Detail}", http.Request.Method, http.Request.Path, status, detail);

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException json ? $"{e.Message} {json.Message}" : e.Message;
}
