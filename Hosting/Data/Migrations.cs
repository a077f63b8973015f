using Dapper;

namespace VmsServices.Hosting.Data;

/// <summary>A numbered schema change, written in SQL both SQLite and PostgreSQL accept.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings a database to the newest schema at service start: no manual step. Applied versions are
/// recorded in schema_migrations; each migration runs in its own transaction with its record, so
/// a crash mid-way leaves the database at the previous version.
/// </summary>
public static class MigrationRunner
{
    public static async Task<int> MigrateAsync(Database db, IReadOnlyList<Migration> migrations, TimeProvider clock, CancellationToken ct)
    {
        EnsureOrdered(migrations);
        await db.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc_micros BIGINT NOT NULL)",
                transaction: tx, cancellationToken: ct));
            return 0;
        }, ct);

        var applied = 0;
        foreach (var migration in migrations)
        {
            var ran = await db.InTransactionAsync(async (c, tx) =>
            {
                await db.Dialect.LockForMigrationAsync(c, tx, ct);
                var done = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, tx, cancellationToken: ct));
                if (done > 0) return false;
                await c.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_utc_micros) VALUES (@Version, @Name, @Now)",
                    new { migration.Version, migration.Name, Now = clock.Now() }, tx, cancellationToken: ct));
                return true;
            }, ct);
            if (ran) applied++;
        }
        return applied;
    }

    private static void EnsureOrdered(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migration {migrations[i].Name} has version {migrations[i].Version}, expected {i + 1}.");
        }
    }
}
