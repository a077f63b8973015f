using VmsServices.Hosting.Data;
using VmsServices.TestSupport;

namespace VmsServices.Management.Tests;

/// <summary>A throwaway management database on either dialect; the same one can be opened again (a restart).</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly string? _sqliteDirectory;

    private TestDatabase(DatabaseProvider provider, string connectionString, PostgresDatabase? postgres, string? sqliteDirectory)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgres = postgres;
        _sqliteDirectory = sqliteDirectory;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = await PostgresDatabase.CreateAsync();
            return new TestDatabase(provider, postgres.ConnectionString, postgres, null);
        }
        var directory = RepoPaths.NewScratchDirectory("moves");
        return new TestDatabase(provider, Path.Combine(directory, "management.db"), null, directory);
    }

    public Database Open() => new(SqlDialect.For(new DatabaseSettings { Provider = Provider, ConnectionString = ConnectionString }));

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqliteDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }
}

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not restorable here).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public ManualClock() : this(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
