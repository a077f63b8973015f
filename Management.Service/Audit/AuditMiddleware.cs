using Microsoft.AspNetCore.Routing;
using VmsServices.Hosting;

namespace VmsServices.Management.Audit;

/// <summary>
/// Writes the audit log for the whole management API in one place, so no endpoint can be added
/// without it: every successful change (POST, PUT, DELETE under /api/) and every start of a recording
/// playback, export or live view (a GET of playback.mp4, playback.m3u8 or live.mp4 without a Range
/// header or from byte 0, so a player's follow-up range requests are not counted). The action is the
/// method and route pattern ("POST /api/devices/{id}/move"), the target the route values. Bodies are
/// never read (they may hold passwords). A failed audit write is logged, never turned into a failed
/// request: the change has already happened.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit, TimeProvider clock, ILogger<AuditMiddleware> log)
{
    private static readonly string[] WatchedMedia = ["/playback.mp4", "/playback.m3u8", "/live.mp4"];

    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        if (!IsAudited(http)) return;
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
        var target = string.Join(' ', http.Request.RouteValues.Where(v => v.Value is string).Select(v => $"{v.Key}={v.Value}"));
        var entry = new AuditEntry(clock.Now(), Actor(http),
            http.Connection.RemoteIpAddress?.ToString(), $"{http.Request.Method} /{pattern.TrimStart('/')}", target, http.Response.StatusCode);
        try
        {
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogError(e, "Could not write the audit entry {Action} {Target} by {Actor}", entry.Action, entry.Target, entry.Actor);
        }
    }

    /// <summary>Set by a request that establishes who the caller is (a sign-in), before it is authenticated.</summary>
    public const string ActorItem = "vms:audit-actor";

    private static string Actor(HttpContext http) =>
        http.User.Identity?.Name is { Length: > 0 } name ? name : http.Items[ActorItem] as string ?? "anonymous";

    private static bool IsAudited(HttpContext http)
    {
        var request = http.Request;
        if (http.Response.StatusCode >= 400 || !(request.Path.StartsWithSegments("/api"))) return false;
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method)) return true;
        return HttpMethods.IsGet(request.Method)
            && WatchedMedia.Any(m => request.Path.Value!.EndsWith(m, StringComparison.Ordinal))
            && (request.Headers.Range.Count == 0 || request.Headers.Range.ToString().StartsWith("bytes=0-", StringComparison.Ordinal));
    }
}
