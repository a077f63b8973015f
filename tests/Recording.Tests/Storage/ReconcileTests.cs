using Microsoft.Data.Sqlite;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>Start-up reconciliation of files and catalog, with the crash states staged by hand.</summary>
public sealed class ReconcileTests : StoreFixture
{
    [Test]
    public async Task Bytes_written_after_the_last_committed_segment_are_cut_off()
    {
        var (fileId, stored) = await Test.RecordFileAsync("cam-1", T0, 2);
        var path = Test.PathOf(fileId);
        var committedBytes = new FileInfo(path).Length;
        await using (var f = new FileStream(path, FileMode.Append)) f.Write(Fmp4Samples.Fragment(T0 + 2 * Second)[..777]); // crash mid-append

        var report = await Test.RestartAsync();

        Assert.That(report.TailsTruncated, Is.EqualTo(1));
        Assert.That(new FileInfo(path).Length, Is.EqualTo(committedBytes));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 10 * Second, default), Is.EqualTo(stored));
    }

    [Test]
    public async Task A_file_that_no_row_references_is_deleted()
    {
        await Test.RecordFileAsync("cam-1", T0);
        var orphan = Path.Combine(Test.Store.Layout.MediaRoot, "cam-1", "audio", "20250301", "120010-99.mp4");
        File.WriteAllBytes(orphan, Fmp4Samples.Init()); // crash between file creation and its row

        var report = await Test.RestartAsync();

        Assert.That(report.OrphanFilesDeleted, Is.EqualTo(1));
        Assert.That(File.Exists(orphan), Is.False);
        Assert.That(Test.MediaFiles(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task The_rows_of_a_missing_file_are_dropped()
    {
        var (lost, _) = await Test.RecordFileAsync("cam-1", T0, 2);
        var (_, kept) = await Test.RecordFileAsync("cam-1", T0 + 10 * Second, 1);
        File.Delete(Test.PathOf(lost));

        var report = await Test.RestartAsync();

        Assert.That((report.MissingFiles, report.SegmentsLost), Is.EqualTo((1, 2)));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 20 * Second, default), Is.EqualTo(kept));
        Assert.That((await Test.Store.ListFilesAsync(default)).Select(f => f.Id), Has.None.EqualTo(lost));
    }

    [Test]
    public async Task Segments_whose_bytes_were_lost_are_dropped_and_the_rest_kept()
    {
        var (fileId, stored) = await Test.RecordFileAsync("cam-1", T0, 3);
        await using (var f = new FileStream(Test.PathOf(fileId), FileMode.Open)) f.SetLength(stored[2].OffsetBytes + 10);

        var report = await Test.RestartAsync();

        Assert.That(report.SegmentsLost, Is.EqualTo(1));
        Assert.That(await Test.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 10 * Second, default), Is.EqualTo(stored[..2]));
        Assert.That((await Test.Store.GetStatsAsync(default))[0].SegmentCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_file_that_never_got_a_segment_is_removed_with_its_row()
    {
        await Test.RecordFileAsync("cam-1", T0, 1);
        var empty = await Test.OpenFileAsync("cam-1", T0 + 10 * Second);
        var emptyPath = Test.PathOf(empty.FileId);
        await empty.DisposeAsync();

        var report = await Test.RestartAsync();

        Assert.That(report.EmptyFilesDeleted, Is.EqualTo(1));
        Assert.That(File.Exists(emptyPath), Is.False);
        Assert.That(await Test.Store.ListFilesAsync(default), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task After_reconciliation_the_files_on_disk_are_exactly_those_of_the_catalog()
    {
        await Test.RecordFileAsync("cam-1", T0, 2);
        await Test.RecordFileAsync("cam-2", T0, 2);
        File.WriteAllBytes(Path.Combine(Test.Store.Layout.MediaRoot, "cam-2", "audio", "20250301", "120000-50.mp4"), [1, 2, 3]);

        await Test.RestartAsync();

        var cataloged = (await Test.Store.ListFilesAsync(default)).Select(f => Test.Store.Layout.FullPath(f.RelativePath)).Order();
        Assert.That(Test.MediaFiles(), Is.EqualTo(cataloged));
        SqliteConnection.ClearAllPools();
    }
}
