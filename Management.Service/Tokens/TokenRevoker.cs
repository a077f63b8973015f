using Dapper;
using MassTransit;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Security;
using VmsServices.Management.Users;
using VmsServices.Messages;

namespace VmsServices.Management.Tokens;

/// <summary>
/// Ends tokens before their expiry: one at sign-out, all of a user's when the user is deleted or
/// their password, role or devices change. Each revocation is written to the database (table
/// <c>token_revocations</c>, migration 7) so a restart keeps it, applied here at once and published
/// (<see cref="TokensRevoked"/>) to the recording servers, which also receive the list in force with
/// the token keys they ask for at start and every minute, in case the event was lost.
/// </summary>
public sealed class TokenRevoker(Database db, TokenRevocations revocations, IBus bus, AuthSettings settings, TimeProvider clock, ILogger<TokenRevoker> log)
{
    public Task RevokeTokenAsync(AccessToken token, CancellationToken ct) =>
        RevokeAsync(new TokenRevocation(token.Id, null, 0, UtcMicros.FromDateTimeOffset(token.Expires)), ct);

    public Task RevokeUserAsync(string userName, CancellationToken ct)
    {
        var now = clock.Now();
        var longest = settings.TokenLifetime > settings.ServiceTokenLifetime ? settings.TokenLifetime : settings.ServiceTokenLifetime;
        return RevokeAsync(new TokenRevocation(null, userName, now, now + (long)longest.TotalMicroseconds), ct);
    }

    /// <summary>Loads the revocations still in force at start and forgets the ones that ran out.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.Now();
        var rows = await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM token_revocations WHERE until_utc_micros < @now", new { now }, tx, cancellationToken: ct));
            return (await c.QueryAsync<TokenRevocation>(new CommandDefinition("""
                SELECT token_id AS TokenId, subject AS Subject, issued_before_utc_micros AS IssuedBeforeUtcMicros, until_utc_micros AS UntilUtcMicros
                FROM token_revocations
                """, transaction: tx, cancellationToken: ct))).ToList();
        }, ct);
        revocations.Apply(rows);
    }

    private async Task RevokeAsync(TokenRevocation revocation, CancellationToken ct)
    {
        await db.InTransactionAsync((c, tx) => c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO token_revocations (id, token_id, subject, issued_before_utc_micros, until_utc_micros)
            VALUES (@Id, @TokenId, @Subject, @IssuedBeforeUtcMicros, @UntilUtcMicros)
            """, new { Id = Guid.NewGuid().ToString("N"), revocation.TokenId, revocation.Subject, revocation.IssuedBeforeUtcMicros, revocation.UntilUtcMicros },
            tx, cancellationToken: ct)), ct);
        revocations.Apply([revocation]);
        try
        {
            await bus.Publish(new TokensRevoked([revocation]), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Could not publish a token revocation ({Reason}); recording servers learn it within a minute", e.GetType().Name);
        }
    }
}
