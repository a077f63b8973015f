using Dapper;
using MassTransit;
using VmsServices.Hosting.Data;

namespace VmsServices.Management.Audit;

/// <summary>One audited action: who (the signed-in user, "anonymous" until sign-in exists, and the address it came from), what, on which target, with what outcome.</summary>
public sealed record AuditEntry(long AtUtcMicros, string Actor, string? RemoteAddress, string Action, string Target, long Status);

/// <summary>The audit log table (append-only); read newest first.</summary>
public sealed class AuditLog(Database db)
{
    public const int MaxTextLength = 500;

    public Task AppendAsync(AuditEntry e, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) => await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_log (id, at_utc_micros, actor, remote_address, action, target, status)
            VALUES (@Id, @AtUtcMicros, @Actor, @RemoteAddress, @Action, @Target, @Status)
            """, new { Id = NewId.NextSequentialGuid().ToString("D"), e.AtUtcMicros, Actor = Cut(e.Actor), e.RemoteAddress, Action = Cut(e.Action), Target = Cut(e.Target), e.Status },
            tx, cancellationToken: ct)), ct);

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? action, string? target, int limit, CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<AuditEntry>>(async (c, tx) => (await c.QueryAsync<AuditEntry>(new CommandDefinition("""
            SELECT at_utc_micros AS AtUtcMicros, actor AS Actor, remote_address AS RemoteAddress, action AS Action, target AS Target, status AS Status
            FROM audit_log
            WHERE (@action IS NULL OR action = @action) AND (@target IS NULL OR target = @target)
            ORDER BY at_utc_micros DESC, id DESC LIMIT @limit
            """, new { action, target, limit }, tx, cancellationToken: ct))).ToList(), ct);

    private static string Cut(string s) => s.Length <= MaxTextLength ? s : s[..MaxTextLength];
}
