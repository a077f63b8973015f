using System.Text.Json;
using System.Text.Json.Nodes;
using VmsServices.Vmsctl.Http;

namespace VmsServices.Vmsctl.Cli;

/// <summary>
/// What a 401 means to someone at a shell: sign in and hand the token on. Replaces the server's
/// generic "send a bearer token" with the vmsctl way to get one; the server's reason for refusing a
/// token that was sent (expired, not signed by this server) is kept after it.
/// </summary>
public static class SignInHint
{
    public const string Text = "not signed in or token expired: run `vmsctl login --user <name>` and set VMS_TOKEN";

    public static CliException For(ApiProblemException e, bool tokenSent)
    {
        var detail = tokenSent ? $"{Text} ({e.Detail})" : Text;
        return new CliException(e.ExitCode, e.Title, detail, WithHint(e.Problem));
    }

    /// <summary>The server's problem document for --json, with the hint added as "hint".</summary>
    private static JsonElement? WithHint(JsonElement? problem)
    {
        if (problem is not { } p || JsonNode.Parse(p.GetRawText()) is not JsonObject document) return problem;
        document["hint"] = Text;
        return JsonSerializer.SerializeToElement(document, ApiJson.Options);
    }
}
