using VmsServices.Recording.Storage;
using VmsServices.Recording.Tests.Storage;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>Several fragments appended at once (what an archiving server does): one fsync, one catalog transaction, all or none.</summary>
public sealed class BatchedAppendTests : StoreFixture
{
    private static FragmentToAppend At(long start) => new(Fmp4Samples.Fragment(start), start, start + Second, SegmentFlags.None);

    [Test]
    public async Task The_fragments_follow_each_other_in_the_file_and_commit_in_one_transaction()
    {
        await using var writer = await Test.OpenFileAsync("cam-1", T0);
        var before = Test.Store.CommitCounters;

        var stored = await writer.AppendSegmentsAsync([At(T0), At(T0 + Second), At(T0 + 2 * Second)], default);

        Assert.That(Test.Store.CommitCounters.Transactions - before.Transactions, Is.EqualTo(1));
        Assert.That(stored.Select(s => s.OffsetBytes).Skip(1), Is.EqualTo(stored.Select(s => s.OffsetBytes + s.LengthBytes).SkipLast(1)), "contiguous");
        Assert.That(writer.LengthBytes, Is.EqualTo(stored[^1].OffsetBytes + stored[^1].LengthBytes));
        foreach (var s in stored) Assert.That(Test.ReadSegmentFragment(s), Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros)));
    }

    [Test]
    public async Task A_batch_that_goes_back_in_time_is_refused_whole_and_the_file_is_untouched()
    {
        await using var writer = await Test.OpenFileAsync("cam-1", T0);
        await writer.AppendSegmentsAsync([At(T0)], default);
        var length = writer.LengthBytes;

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => writer.AppendSegmentsAsync([At(T0 + 2 * Second), At(T0 + Second)], default));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => writer.AppendSegmentsAsync([At(T0)], default));

        Assert.That(writer.LengthBytes, Is.EqualTo(length));
        Assert.That(new FileInfo(Test.PathOf(writer.FileId)).Length, Is.EqualTo(length));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, long.MinValue, long.MaxValue, default), Has.Count.EqualTo(1));
    }
}
