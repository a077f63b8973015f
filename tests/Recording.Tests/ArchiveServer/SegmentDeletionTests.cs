using VmsServices.Recording.Tests.Storage;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>Deleting single segments (what an archiving server took): rows first, whole files only once empty and closed.</summary>
public sealed class SegmentDeletionTests : StoreFixture
{
    [Test]
    public async Task Deleted_segments_leave_the_catalog_and_the_file_keeps_serving_the_others()
    {
        var (fileId, segments) = await Test.RecordFileAsync("cam-1", T0, count: 4);

        var deleted = await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, [segments[0].StartUtcMicros, segments[1].StartUtcMicros], default);

        Assert.That(deleted!.Segments.Select(s => s.StartUtcMicros), Is.EqualTo(segments.Take(2).Select(s => s.StartUtcMicros)));
        Assert.That(deleted.HoldsNoMore, Is.False);
        var left = await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, long.MinValue, long.MaxValue, default);
        Assert.That(left.Select(s => s.StartUtcMicros), Is.EqualTo(segments.Skip(2).Select(s => s.StartUtcMicros)));
        var file = (await Test.Store.ListFilesAsync(default)).Single(f => f.Id == fileId);
        Assert.That((file.SegmentCount, file.FirstStartUtcMicros), Is.EqualTo((2L, (long?)segments[2].StartUtcMicros)));
        Assert.That(Test.ReadSegmentFragment(left[0]), Is.EqualTo(Fmp4Samples.Fragment(segments[2].StartUtcMicros)));
    }

    [Test]
    public async Task A_closed_file_without_segments_goes_and_the_last_deletion_says_the_store_holds_no_more()
    {
        var (_, segments) = await Test.RecordFileAsync("cam-1", T0, count: 2);

        var deleted = await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, segments.Select(s => s.StartUtcMicros).ToList(), default);

        Assert.That(deleted!.HoldsNoMore, Is.True);
        Assert.That(await Test.Store.ListFilesAsync(default), Is.Empty);
        Assert.That(Test.MediaFiles(), Is.Empty);
    }

    [Test]
    public async Task A_file_still_being_written_stays_until_it_is_closed_and_the_next_start_removes_it_if_empty()
    {
        await using (var writer = await Test.OpenFileAsync("cam-1", T0))
        {
            var segments = await TestStore.AppendAsync(writer, T0, 2);
            await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, segments.Select(s => s.StartUtcMicros).ToList(), default);
            Assert.That(Test.MediaFiles(), Has.Length.EqualTo(1), "the writer's file is not deleted under it");
        }

        var report = await Test.RestartAsync();

        Assert.That(report.EmptyFilesDeleted, Is.EqualTo(1));
        Assert.That(Test.MediaFiles(), Is.Empty);
    }

    [Test]
    public async Task Unknown_starts_and_repeated_deletions_change_nothing()
    {
        var (_, segments) = await Test.RecordFileAsync("cam-1", T0, count: 2);
        await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, [segments[0].StartUtcMicros], default);

        Assert.That(await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, [segments[0].StartUtcMicros, T0 + 999 * Second], default), Is.Null);
        Assert.That((await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, long.MinValue, long.MaxValue, default)).Single(), Is.EqualTo(segments[1]));
    }

    [Test]
    public async Task After_a_restart_only_the_remaining_segments_are_there_and_their_bytes_are_intact()
    {
        var (_, segments) = await Test.RecordFileAsync("cam-1", T0, count: 3);
        await Test.Store.DeleteSegmentsAsync("cam-1", Fmp4Samples.DataType, [segments[2].StartUtcMicros, segments[0].StartUtcMicros], default);

        await Test.RestartAsync();

        var left = await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, long.MinValue, long.MaxValue, default);
        Assert.That(left, Is.EqualTo(new[] { segments[1] }));
        Assert.That(Test.ReadSegmentFragment(left[0]), Is.EqualTo(Fmp4Samples.Fragment(segments[1].StartUtcMicros)));
    }

    [Test]
    public async Task Stats_of_what_ended_by_an_instant_count_only_those_segments()
    {
        var (_, segments) = await Test.RecordFileAsync("cam-1", T0, count: 4);

        var due = await Test.Store.Catalog.StatsEndingByAsync("cam-1", Fmp4Samples.DataType, segments[1].EndUtcMicros + Second / 2, default);

        Assert.That(due.SegmentCount, Is.EqualTo(2));
        Assert.That(due.SizeBytes, Is.EqualTo(segments[0].LengthBytes + segments[1].LengthBytes));
        Assert.That((due.OldestUtcMicros, due.NewestUtcMicros), Is.EqualTo(((long?)segments[0].StartUtcMicros, (long?)segments[1].EndUtcMicros)));
    }
}
