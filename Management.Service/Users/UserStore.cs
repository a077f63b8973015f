using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Identity;
using VmsServices.Hosting;
using VmsServices.Hosting.Data;
using VmsServices.Hosting.Security;

namespace VmsServices.Management.Users;

/// <summary>
/// The local users (table <c>users</c>, migration 6). Passwords are kept only as ASP.NET Core
/// Identity hashes (PBKDF2-HMAC-SHA512, per-user salt, 100,000 iterations): slow to guess, and a
/// copy of the database gives no password. The last administrator cannot be removed or demoted,
/// so an installation can always be administered.
/// </summary>
public sealed class UserStore(Database db, TimeProvider clock)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>Hashed once, verified against when a name is unknown, so the answer takes as long as for a known one.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword("", Guid.NewGuid().ToString());

    private const string Columns = "name AS Name, role AS Role, devices AS Devices, updated_utc_micros AS UpdatedUtcMicros";

    /// <summary>Creates or changes a user; true when created. A new user needs a password.</summary>
    public Task<bool> PutAsync(string name, PutUserRequest request, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var existing = await FindRow(c, tx, name, ct);
            if (existing is null && request.Password is null) throw new InvalidRequestException("A new user needs a password.");
            if (existing?.Role == nameof(VmsRole.Administrator) && request.Role != VmsRole.Administrator)
                await EnsureAnotherAdministrator(c, tx, name, ct);
            var args = new
            {
                Name = name,
                Role = request.Role.ToString(),
                Devices = request.Devices is null ? null : JsonSerializer.Serialize(request.Devices),
                Hash = request.Password is null ? null : Hasher.HashPassword(name, request.Password),
                Now = clock.Now(),
            };
            await c.ExecuteAsync(Cmd(existing is null
                ? "INSERT INTO users (name, password_hash, role, devices, updated_utc_micros) VALUES (@Name, @Hash, @Role, @Devices, @Now)"
                : "UPDATE users SET role = @Role, devices = @Devices, password_hash = COALESCE(@Hash, password_hash), updated_utc_micros = @Now WHERE name = @Name",
                args, tx, ct));
            return existing is null;
        }, ct);

    public Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken ct) =>
        db.InTransactionAsync<IReadOnlyList<UserInfo>>(async (c, tx) =>
            (await c.QueryAsync<Row>(Cmd($"SELECT {Columns} FROM users ORDER BY name", null, tx, ct))).Select(r => r.ToInfo()).ToList(), ct);

    public Task<UserInfo> GetAsync(string name, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) => (await FindRow(c, tx, name, ct))?.ToInfo() ?? throw NotFound(name), ct);

    public Task<long> CountAsync(CancellationToken ct) =>
        db.InTransactionAsync((c, tx) => c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM users", null, tx, ct)), ct);

    public Task DeleteAsync(string name, CancellationToken ct) =>
        db.InTransactionAsync(async (c, tx) =>
        {
            var existing = await FindRow(c, tx, name, ct) ?? throw NotFound(name);
            if (existing.Role == nameof(VmsRole.Administrator)) await EnsureAnotherAdministrator(c, tx, name, ct);
            await c.ExecuteAsync(Cmd("DELETE FROM users WHERE name = @name", new { name }, tx, ct));
            return 0;
        }, ct);

    /// <summary>The user when the password is theirs; null otherwise (unknown name or wrong password alike).</summary>
    public async Task<UserInfo?> VerifyAsync(string name, string password, CancellationToken ct)
    {
        var row = await db.InTransactionAsync((c, tx) =>
            c.QuerySingleOrDefaultAsync<SecretRow>(Cmd($"SELECT {Columns}, password_hash AS PasswordHash FROM users WHERE name = @name", new { name }, tx, ct)), ct);
        var result = Hasher.VerifyHashedPassword(name, row?.PasswordHash ?? DecoyHash, password);
        if (row is null || result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await db.InTransactionAsync((c, tx) => c.ExecuteAsync(Cmd("UPDATE users SET password_hash = @Hash WHERE name = @name",
                new { name, Hash = Hasher.HashPassword(name, password) }, tx, ct)), ct);
        return row.ToInfo();
    }

    private static async Task EnsureAnotherAdministrator(DbConnection c, DbTransaction tx, string name, CancellationToken ct)
    {
        var others = await c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM users WHERE role = 'Administrator' AND name <> @name", new { name }, tx, ct));
        if (others == 0) throw new ConflictException($"'{name}' is the last administrator; make another user an administrator first.");
    }

    private static Task<Row?> FindRow(DbConnection c, DbTransaction tx, string name, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(Cmd($"SELECT {Columns} FROM users WHERE name = @name", new { name }, tx, ct));

    private static NotFoundException NotFound(string name) => new($"There is no user '{name}'.");

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction tx, CancellationToken ct) => new(sql, args, tx, cancellationToken: ct);

    private record Row(string Name, string Role, string? Devices, long UpdatedUtcMicros)
    {
        public UserInfo ToInfo() => new(Name, Enum.Parse<VmsRole>(Role), Devices is null ? null : JsonSerializer.Deserialize<List<string>>(Devices), UpdatedUtcMicros);
    }

    private sealed record SecretRow(string Name, string Role, string? Devices, long UpdatedUtcMicros, string PasswordHash) : Row(Name, Role, Devices, UpdatedUtcMicros);
}
