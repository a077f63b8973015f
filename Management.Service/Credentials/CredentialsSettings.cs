using Microsoft.Data.Sqlite;
using VmsServices.Hosting.Data;

namespace VmsServices.Management.Credentials;

/// <summary>Where the keys that protect stored camera passwords live (<c>Management:Credentials:KeysDirectory</c>).</summary>
public static class CredentialsSettings
{
    public const string KeysDirectoryKey = "Management:Credentials:KeysDirectory";

    /// <summary>The setting, or <c>keys/</c> beside the SQLite database, or <c>data/keys</c> for PostgreSQL.</summary>
    public static string KeysDirectory(IConfiguration configuration, DatabaseSettings database)
    {
        if (configuration[KeysDirectoryKey] is { Length: > 0 } configured) return Path.GetFullPath(configured);
        var dataDirectory = database.Provider == DatabaseProvider.Sqlite
            ? Path.GetDirectoryName(Path.GetFullPath(SqliteFile(database.ConnectionString)))
            : null;
        return Path.Combine(dataDirectory ?? Path.GetFullPath("data"), "keys");
    }

    private static string SqliteFile(string connectionString) =>
        connectionString.Contains('=') ? new SqliteConnectionStringBuilder(connectionString).DataSource : connectionString;
}
