using System.Data.Common;
using System.Threading.Channels;

namespace VmsServices.Recording.Storage;

/// <summary>
/// Group commit: the single writer of the catalog. Callers enqueue work (insert a segment row,
/// insert a file row, delete a file's rows); one loop drains everything pending into ONE
/// transaction and completes each caller after the commit. With 256 cameras appending a segment
/// every 4 s, that is a handful of fsync'ed SQLite commits per second instead of 64: while one
/// commit is in flight the next batch accumulates, with no artificial delay when idle. If a batch
/// fails (one bad row, e.g. a duplicate start), each item is retried in its own transaction so
/// only the bad one fails. Serializing writes here also means SQLite never sees two writers.
/// </summary>
internal sealed class CatalogWriter : IAsyncDisposable
{
    private const int MaxBatch = 1024;

    private readonly SegmentCatalog _catalog;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _transactions, _items;

    public CatalogWriter(SegmentCatalog catalog)
    {
        _catalog = catalog;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Committed transactions and the work items they carried (for measurements).</summary>
    public (long Transactions, long Items) Counters => (Interlocked.Read(ref _transactions), Interlocked.Read(ref _items));

    /// <summary>
    /// Runs <paramref name="work"/> inside a (possibly shared) transaction; the task completes after
    /// that transaction committed. Work must only touch the database: it may run twice (batch retry).
    /// </summary>
    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work)
    {
        var item = new Pending<T>(work);
        if (!_queue.Writer.TryWrite(item)) throw new ObjectDisposedException(nameof(CatalogWriter));
        return item.Task;
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            if (!await TryCommitAsync(batch) && batch.Count > 1)
                foreach (var item in batch) await TryCommitAsync([item]);
            batch.Clear();
        }
    }

    private async Task<bool> TryCommitAsync(List<Pending> batch)
    {
        try
        {
            // Not cancellable: the caller's bytes are already durable; their row must get its chance.
            await _catalog.InTransactionAsync(async (c, tx) =>
            {
                foreach (var item in batch) await item.RunAsync(c, tx);
                return 0;
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            if (batch.Count == 1) batch[0].Fail(e);
            return false;
        }
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _items, batch.Count);
        foreach (var item in batch) item.Complete();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private abstract class Pending
    {
        public abstract Task RunAsync(DbConnection c, DbTransaction tx);
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class Pending<T>(Func<DbConnection, DbTransaction, Task<T>> work) : Pending
    {
        // Continuations run off the writer loop so a slow caller never delays the next batch.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;
        public override async Task RunAsync(DbConnection c, DbTransaction tx) => _result = await work(c, tx);
        public override void Complete() => _done.TrySetResult(_result);
        public override void Fail(Exception e) => _done.TrySetException(e);
    }
}
