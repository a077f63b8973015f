using System.Diagnostics;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

public sealed class GroupCommitTests
{
    [Test]
    public async Task Segments_committed_at_the_same_time_by_many_recorders_share_catalog_transactions()
    {
        const int cameras = 256, segmentsEach = 8;
        await using var t = await TestStore.CreateAsync();
        var writers = await Task.WhenAll(Enumerable.Range(0, cameras).Select(i => t.OpenFileAsync($"cam-{i}")));
        var fragment = Fmp4Samples.Fragment(Fmp4Samples.Epoch);
        var before = t.Store.CommitCounters;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < segmentsEach; i++)
            {
                var start = Fmp4Samples.Epoch + i * Fmp4Samples.SegmentMicros;
                await w.AppendSegmentAsync(fragment, start, start + Fmp4Samples.SegmentMicros, SegmentFlags.None, default);
            }
        })));

        clock.Stop();
        var (transactions, rows) = (t.Store.CommitCounters.Transactions - before.Transactions, t.Store.CommitCounters.Items - before.Items);
        TestContext.Out.WriteLine($"{rows} segments (write + fsync + catalog row) in {clock.Elapsed.TotalSeconds:0.00} s: " +
            $"{rows / clock.Elapsed.TotalSeconds:0} rows/s, {transactions} transactions, {(double)rows / transactions:0.0} rows per transaction");
        foreach (var w in writers) await w.DisposeAsync();
        Assert.That(rows, Is.EqualTo(cameras * segmentsEach));
        Assert.That(transactions, Is.LessThan(rows), "concurrent commits were batched");
        Assert.That((await t.Store.GetStatsAsync(default)).Sum(s => s.SegmentCount), Is.EqualTo(cameras * segmentsEach));
    }
}
