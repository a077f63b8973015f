using System.Text;
using Npgsql;

namespace VmsServices.Integration.Tests.Infrastructure;

/// <summary>Looks for a secret in clear text where a service keeps or writes things: database rows, files, process output.</summary>
public static class ClearTextSearch
{
    /// <summary>Every row of every table of the database's public schema, as PostgreSQL's text form of the row.</summary>
    public static async Task<IReadOnlyList<string>> PostgresRowsAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", c))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var rows = new List<string>();
        foreach (var table in tables)
        {
            // Table names come from the catalog, quoted as identifiers.
            await using var select = new NpgsqlCommand($"SELECT CAST(t AS text) FROM \"{table.Replace("\"", "\"\"")}\" t", c);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add($"{table}: {reader.GetString(0)}");
        }
        return rows;
    }

    /// <summary>The files under <paramref name="directory"/> (SQLite databases with their WAL, media, keys...) whose bytes contain <paramref name="text"/> (UTF-8).</summary>
    public static IReadOnlyList<string> FilesContaining(string directory, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Contains(f, needle))
            .ToList();
    }

    private static bool Contains(string path, byte[] needle)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        file.CopyTo(memory);
        return memory.GetBuffer().AsSpan(0, (int)memory.Length).IndexOf(needle) >= 0;
    }
}
