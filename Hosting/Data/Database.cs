using System.Data;
using System.Data.Common;

namespace VmsServices.Hosting.Data;

/// <summary>The one way into a store's database: open a prepared connection, run a transaction.</summary>
public sealed class Database(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await Dialect.PrepareAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is written, or none.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct) =>
        InTransactionAsync(IsolationLevel.ReadCommitted, work, ct);

    /// <summary>
    /// As above with an explicit isolation level: RepeatableRead gives a multi-statement read one
    /// snapshot (SQLite transactions always are serializable).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(IsolationLevel isolation, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(isolation, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }
}
