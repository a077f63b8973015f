using System.Data.Common;
using Dapper;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;

namespace VmsServices.Management.Credentials;

/// <summary>
/// The camera accounts devices name by <c>credentials_ref</c>, in the management database
/// (table <c>camera_credentials</c>, migration 4). The password is written only protected
/// (<see cref="CredentialsProtector"/>) and read back clear only for ONVIF and for the recording
/// servers that record a device using it; nothing here logs.
/// </summary>
public sealed class CameraCredentialsStore(Database db, TimeProvider clock, CredentialsProtector protector)
{
    private const string InfoColumns = "ref AS Ref, user_name AS UserName, updated_utc_micros AS UpdatedUtcMicros";

    /// <summary>Creates or replaces the account.</summary>
    public Task PutAsync(string credentialsRef, string userName, string password, CancellationToken ct)
    {
        var args = new { Ref = credentialsRef, UserName = userName, Protected = protector.Protect(password), Now = clock.Now() };
        return db.InTransactionAsync((c, tx) =>
            c.ExecuteAsync(Cmd("""
                INSERT INTO camera_credentials (ref, user_name, protected_password, updated_utc_micros)
                VALUES (@Ref, @UserName, @Protected, @Now)
                ON CONFLICT (ref) DO UPDATE SET user_name = excluded.user_name, protected_password = excluded.protected_password,
                    updated_utc_micros = excluded.updated_utc_micros
                """, args, tx, ct)), ct);
    }

    public Task<IReadOnlyList<CameraCredentialsInfo>> ListAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<CameraCredentialsInfo>>(async (c, tx) =>
            (await c.QueryAsync<InfoRow>(Cmd($"SELECT {InfoColumns} FROM camera_credentials ORDER BY ref", null, tx, ct)))
                .Select(r => r.ToInfo()).ToList(), ct);

    public Task<CameraCredentialsInfo> GetAsync(string credentialsRef, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
            (await c.QuerySingleOrDefaultAsync<InfoRow>(Cmd($"SELECT {InfoColumns} FROM camera_credentials WHERE ref = @credentialsRef", new { credentialsRef }, tx, ct)))?.ToInfo()
            ?? throw NotFound(credentialsRef), ct);

    /// <summary>Deletes the account; refused (409) while a device still names it.</summary>
    public Task DeleteAsync(string credentialsRef, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            if (!await Exists(c, tx, credentialsRef, ct)) throw NotFound(credentialsRef);
            var users = (await c.QueryAsync<string>(Cmd("SELECT id FROM devices WHERE credentials_ref = @credentialsRef ORDER BY id", new { credentialsRef }, tx, ct))).ToList();
            if (users.Count > 0)
                throw new ConflictException($"Credentials '{credentialsRef}' are used by {users.Count} device(s) ({string.Join(", ", users.Take(10))}); change or remove them first.");
            await c.ExecuteAsync(Cmd("DELETE FROM camera_credentials WHERE ref = @credentialsRef", new { credentialsRef }, tx, ct));
            return 0;
        }, ct);

    /// <summary>The clear account, or null when none is stored under this reference.</summary>
    public async Task<CameraAccount?> FindAccountAsync(string credentialsRef, CancellationToken ct) =>
        Open(credentialsRef, await db.InTransactionAsync((c, tx) =>
            c.QuerySingleOrDefaultAsync<SecretRow>(Cmd("SELECT user_name AS UserName, protected_password AS ProtectedPassword FROM camera_credentials WHERE ref = @credentialsRef",
                new { credentialsRef }, tx, ct)), ct));

    /// <summary>
    /// The clear account for a recording server, only when a device it has a configuration table row for
    /// (current or not) names this reference: a server never gets the secrets of other servers' cameras.
    /// </summary>
    public async Task<CameraAccount?> FindAccountForServerAsync(string recordingServerId, string credentialsRef, CancellationToken ct) =>
        Open(credentialsRef, await db.InTransactionAsync((c, tx) =>
            c.QuerySingleOrDefaultAsync<SecretRow>(Cmd("""
                SELECT k.user_name AS UserName, k.protected_password AS ProtectedPassword FROM camera_credentials k
                WHERE k.ref = @credentialsRef AND EXISTS (
                    SELECT 1 FROM devices d JOIN configuration_table t ON t.device_id = d.id
                    WHERE d.credentials_ref = k.ref AND t.recording_server_id = @recordingServerId)
                """, new { credentialsRef, recordingServerId }, tx, ct)), ct));

    private CameraAccount? Open(string credentialsRef, SecretRow? row) =>
        row is null ? null : new CameraAccount(row.UserName, protector.Unprotect(credentialsRef, row.ProtectedPassword));

    private static async Task<bool> Exists(DbConnection c, DbTransaction tx, string credentialsRef, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM camera_credentials WHERE ref = @credentialsRef", new { credentialsRef }, tx, ct)) > 0;

    private static NotFoundException NotFound(string credentialsRef) => new($"Credentials '{credentialsRef}' are not stored.");

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) => new(sql, args, tx, cancellationToken: ct);

    private sealed class InfoRow
    {
        public string Ref { get; set; } = "";
        public string UserName { get; set; } = "";
        public long UpdatedUtcMicros { get; set; }
        public CameraCredentialsInfo ToInfo() => new(Ref, UserName, UpdatedUtcMicros);
    }

    private sealed class SecretRow
    {
        public string UserName { get; set; } = "";
        public string ProtectedPassword { get; set; } = "";
    }
}
