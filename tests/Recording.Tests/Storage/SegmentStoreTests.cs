using Dapper;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

public sealed class SegmentStoreTests : StoreFixture
{
    [Test]
    public async Task The_newest_segment_of_a_device_is_found_directly()
    {
        Assert.That(await Test.Store.LastSegmentAsync("cam-1", Fmp4Samples.DataType, default), Is.Null);
        await using var writer = await Test.OpenFileAsync();
        var stored = await TestStore.AppendAsync(writer, T0, 3);

        Assert.That(await Test.Store.LastSegmentAsync("cam-1", Fmp4Samples.DataType, default), Is.EqualTo(stored[^1]));
        Assert.That(await Test.Store.LastSegmentAsync("cam-2", Fmp4Samples.DataType, default), Is.Null);
    }

    [Test]
    public async Task Appended_segments_are_listed_found_and_read_back_byte_for_byte()
    {
        await using var writer = await Test.OpenFileAsync();
        var stored = await TestStore.AppendAsync(writer, T0, 3);

        var listed = await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 3 * Second, default);
        Assert.That(listed, Is.EqualTo(stored));
        Assert.That(await Test.Store.FindAsync("cam-1", Fmp4Samples.DataType, T0 + Second, default), Is.EqualTo(stored[1]));
        Assert.That(await Test.Store.FindAsync("cam-1", Fmp4Samples.DataType, T0 + 1, default), Is.Null);
        foreach (var s in stored) Assert.That(Test.ReadSegmentFragment(s), Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros)));
    }

    [Test]
    public async Task Fragments_are_appended_after_the_init_segment_of_one_file()
    {
        var init = Fmp4Samples.Init();
        await using var writer = await Test.OpenFileAsync();
        var stored = await TestStore.AppendAsync(writer, T0, 2);

        Assert.That(stored.Select(s => s.OffsetBytes), Is.EqualTo(new[] { init.Length, init.Length + stored[0].LengthBytes }));
        Assert.That(writer.LengthBytes, Is.EqualTo(init.Length + stored.Sum(s => s.LengthBytes)));
        Assert.That(new FileInfo(Test.PathOf(writer.FileId)).Length, Is.EqualTo(writer.LengthBytes));
        Assert.That(Test.MediaFiles(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task A_recording_file_is_named_by_device_data_type_utc_date_and_time_and_id()
    {
        await using var writer = await Test.OpenFileAsync("cam-7", T0 + 3723 * Second); // 2025-03-01 13:02:03 UTC

        Assert.That(Test.PathOf(writer.FileId),
            Is.EqualTo(Path.Combine(Test.Store.Layout.MediaRoot, "cam-7", "audio", "20250301", $"130203-{writer.FileId}.mp4")));
    }

    [TestCase(0, 10, new[] { 0, 1, 2, 3, 4 })]
    [TestCase(2, 3, new[] { 2 })]
    [TestCase(2.5, 3.5, new[] { 2, 3 })]
    [TestCase(4.999, 9, new[] { 4 })]
    [TestCase(5, 9, new int[0])]
    [TestCase(-3, 0, new int[0])]
    public async Task Listing_returns_the_segments_overlapping_the_half_open_range_ordered_by_start(double fromSeconds, double toSeconds, int[] expected)
    {
        await using var writer = await Test.OpenFileAsync();
        await TestStore.AppendAsync(writer, T0, 5);

        var listed = await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0 + (long)(fromSeconds * Second), T0 + (long)(toSeconds * Second), default);

        Assert.That(listed.Select(s => (int)((s.StartUtcMicros - T0) / Second)), Is.EqualTo(expected));
    }

    [Test]
    public async Task The_overlap_query_is_a_primary_key_range_scan_without_sorting()
    {
        await using var c = await Test.Store.Catalog.Database.OpenAsync(default);
        var plan = (await c.QueryAsync("EXPLAIN QUERY PLAN " + SegmentCatalog.OverlapSql,
            new { deviceId = "cam-1", dataType = "video", from = 0L, to = 1L, lowest = 0L })).Select(row => (string)row.detail).ToList();

        Assert.That(string.Join("\n", plan), Does.Match(@"SEARCH (TABLE )?segments USING PRIMARY KEY \(device_id=\? AND data_type=\? AND start_utc_micros>\? AND start_utc_micros<\?\)"));
        Assert.That(plan, Has.None.Contains("TEMP B-TREE"));
    }

    [Test]
    public async Task Segments_of_other_devices_and_data_types_are_not_listed()
    {
        await Test.RecordFileAsync("cam-1", T0);
        await Test.RecordFileAsync("cam-2", T0);

        var listed = await Test.Store.ListAsync("cam-2", Fmp4Samples.DataType, T0, T0 + 10 * Second, default);

        Assert.That(listed.Select(s => s.DeviceId).Distinct(), Is.EqualTo(new[] { "cam-2" }));
        Assert.That(await Test.Store.ListAsync("cam-2", "video", T0, T0 + 10 * Second, default), Is.Empty);
    }

    [Test]
    public async Task Devices_and_their_statistics_sum_all_files()
    {
        var (_, a) = await Test.RecordFileAsync("cam-1", T0, 2);
        var (_, b) = await Test.RecordFileAsync("cam-1", T0 + 10 * Second, 3);
        await Test.RecordFileAsync("cam-2", T0, 1);

        Assert.That(await Test.Store.ListDevicesAsync(), Is.EqualTo(new[] { ("cam-1", "audio"), ("cam-2", "audio") }));
        var stats = (await Test.Store.GetStatsAsync(default))[0];
        var init = Fmp4Samples.Init().Length;
        Assert.That(stats, Is.EqualTo(new DeviceStorageStats("cam-1", "audio", 5, 2 * init + a.Concat(b).Sum(s => s.LengthBytes), T0, T0 + 13 * Second)));
    }

    [Test]
    public async Task Committed_segments_are_still_there_after_a_restart()
    {
        var (_, stored) = await Test.RecordFileAsync("cam-1", T0, 3);

        var report = await Test.RestartAsync();

        Assert.That(report, Is.EqualTo(new ReconcileReport(0, 0, 0, 0, 0)));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 3 * Second, default), Is.EqualTo(stored));
        Assert.That(Test.ReadSegmentFragment(stored[2]), Is.EqualTo(Fmp4Samples.Fragment(stored[2].StartUtcMicros)));
    }

    [Test]
    public async Task File_ids_are_never_reused_after_their_file_was_deleted()
    {
        var (first, _) = await Test.RecordFileAsync("cam-1", T0);
        await Test.Store.DeleteFilesAsync([first], default);
        await Test.RestartAsync();

        var (second, _) = await Test.RecordFileAsync("cam-1", T0 + 10 * Second);

        Assert.That(second, Is.GreaterThan(first));
    }

    [Test]
    public async Task A_segment_starting_where_another_one_is_stored_is_refused_and_the_file_keeps_its_length()
    {
        await Test.RecordFileAsync("cam-1", T0, 2);
        await using var writer = await Test.OpenFileAsync("cam-1", T0 + 10 * Second);
        var lengthBefore = writer.LengthBytes;

        Assert.That(async () => await TestStore.AppendAsync(writer, T0 + Second), Throws.Exception);
        Assert.That(new FileInfo(Test.PathOf(writer.FileId)).Length, Is.EqualTo(lengthBefore));
        Assert.That(await TestStore.AppendAsync(writer, T0 + 10 * Second), Has.Count.EqualTo(1), "the writer stays usable");
    }

    [Test]
    public async Task A_segment_going_back_in_time_within_a_file_is_refused()
    {
        await using var writer = await Test.OpenFileAsync();
        await TestStore.AppendAsync(writer, T0 + 5 * Second);

        Assert.That(async () => await TestStore.AppendAsync(writer, T0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase("../etc")]
    [TestCase("Cam-1")]
    [TestCase("")]
    [TestCase("a/b")]
    public void Ids_that_are_not_safe_file_names_are_refused(string deviceId)
    {
        Assert.That(async () => await Test.Store.OpenFileAsync(deviceId, "video", T0, Fmp4Samples.Init(), default), Throws.ArgumentException);
        Assert.That(async () => await Test.Store.ListAsync(deviceId, "video", 0, 1, default), Throws.ArgumentException);
    }

    [Test]
    public async Task Committed_segments_are_announced_to_subscribers()
    {
        var announced = new List<SegmentInfo>();
        Test.Store.SegmentCommitted += announced.Add;

        var (_, stored) = await Test.RecordFileAsync("cam-1", T0, 2);

        Assert.That(announced, Is.EqualTo(stored));
    }
}
