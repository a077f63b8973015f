using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace VmsServices.Hosting.Data;

/// <summary>
/// What differs between the two databases. Everything else (the SQL of the stores and of the
/// migrations) is written once in the subset both understand, always with parameters.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings, run right after opening.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Serializes concurrent migrators (several service instances starting at once).</summary>
    public virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public abstract bool IsUniqueViolation(DbException e);

    public static SqlDialect For(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(settings.ConnectionString),
        DatabaseProvider.Postgres => new PostgresDialect(settings.ConnectionString),
        _ => throw new InvalidOperationException($"Unknown database provider '{settings.Provider}'."),
    };
}

public sealed class SqliteDialect : SqlDialect
{
    private static readonly Lazy<bool> NativeInit = new(() => { SQLitePCL.Batteries_V2.Init(); return true; });
    private readonly string _connectionString;

    public SqliteDialect(string connectionString)
    {
        _ = NativeInit.Value;
        var builder = connectionString.Contains('=')
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = connectionString };
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = 30; // seconds waited on a locked database before failing
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (directory is not null) Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable on
        // power loss, not only on a process crash (docs/design/storage.md).
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 } s && s.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase)
        || e is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };
}

public sealed class PostgresDialect(string connectionString) : SqlDialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT pg_advisory_xact_lock(7261001)";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
