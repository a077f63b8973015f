using System.Text.RegularExpressions;
using Npgsql;
using VmsServices.TestSupport;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>
/// The management server's database goes away, for it alone: the test's own database stops taking
/// connections (ALLOW_CONNECTIONS false, refused even to superusers) and its open connections are
/// closed. The shared PostgreSQL server, and every other test's database, keep running. Ended by
/// <see cref="EndAsync"/> or on dispose.
/// </summary>
public sealed partial class DatabaseOutage : IAsyncDisposable
{
    private readonly string _database;
    private bool _ended;

    private DatabaseOutage(string database) => _database = database;

    public static async Task<DatabaseOutage> BeginAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";
        if (!GeneratedName().IsMatch(database)) throw new ArgumentException($"'{database}' is not a test database name.", nameof(connectionString));
        var outage = new DatabaseOutage(database);
        await AdminAsync($"ALTER DATABASE {database} ALLOW_CONNECTIONS false");
        await AdminAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", database);
        return outage;
    }

    public async Task EndAsync()
    {
        if (_ended) return;
        await AdminAsync($"ALTER DATABASE {_database} ALLOW_CONNECTIONS true");
        _ended = true;
    }

    public async ValueTask DisposeAsync() => await EndAsync();

    // The name is PostgresDatabase's generated one, checked above: never input.
    private static async Task AdminAsync(string sql, string? database = null)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (database is not null) command.Parameters.AddWithValue("database", database);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[a-z0-9_]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedName();
}
