using System.Text.Json;
using VmsServices.Vmsctl.Cli;

namespace VmsServices.Vmsctl.Http;

/// <summary>
/// The server answered with an error status; <see cref="CliException.Problem"/> holds its RFC 9457
/// problem document when it sent one (a proxy's HTML page becomes the detail, cut short).
/// </summary>
public sealed class ApiProblemException(int status, string title, string detail, JsonElement? problem)
    : CliException(ExitCodes.ForStatus(status), title, detail, problem)
{
    public int Status { get; } = status;

    public static ApiProblemException From(int status, string? reasonPhrase, string body)
    {
        JsonElement? problem = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) problem = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not a problem document: the text itself is the best detail there is.
        }
        var title = problem?.StringOrNull("title") ?? reasonPhrase ?? "HTTP error";
        var detail = problem?.StringOrNull("detail") ?? OneLine(body);
        return new ApiProblemException(status, $"{title} ({status})", detail, problem);
    }

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
