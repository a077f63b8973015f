using VmsServices.Hosting.Security;
using VmsServices.Hosting;
using VmsServices.Management.Audit;

namespace VmsServices.Management.Api;

public static class AuditApi
{
    /// <summary>The audit log, newest first: who changed or watched what, and when.</summary>
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", (string? action, string? target, int? limit, AuditLog audit, CancellationToken ct) =>
        {
            if (limit is < 1 or > 1000) throw new InvalidRequestException("limit must be between 1 and 1000.");
            if (action is { Length: > AuditLog.MaxTextLength } || target is { Length: > AuditLog.MaxTextLength })
                throw new InvalidRequestException($"action and target are at most {AuditLog.MaxTextLength} characters.");
            return audit.ListAsync(action, target, limit ?? 100, ct);
        }).WithTags("Audit").RequireAdminister();
        return app;
    }
}
