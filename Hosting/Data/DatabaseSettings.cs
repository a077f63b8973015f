namespace VmsServices.Hosting.Data;

/// <summary>The database kind is an explicit setting, never guessed from the connection string.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseSettings
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite: a file path ("Data Source=..." also accepted). PostgreSQL: an Npgsql connection string.
    /// Never logged: it may hold a password.
    /// </summary>
    public string ConnectionString { get; set; } = "";
}
