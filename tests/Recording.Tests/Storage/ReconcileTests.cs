using Microsoft.Data.Sqlite;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>Start-up reconciliation of files and catalog, with the crash states staged by hand.</summary>
public sealed class ReconcileTests
{
    private TestStore _t = null!;
    private static readonly long T0 = Fmp4Samples.Epoch;
    private const long Second = Fmp4Samples.SegmentMicros;

    [SetUp]
    public async Task SetUp() => _t = await TestStore.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _t.DisposeAsync();

    [Test]
    public async Task Bytes_written_after_the_last_committed_segment_are_cut_off()
    {
        var (fileId, stored) = await _t.RecordFileAsync("cam-1", T0, 2);
        var path = _t.PathOf(fileId);
        var committedBytes = new FileInfo(path).Length;
        await using (var f = new FileStream(path, FileMode.Append)) f.Write(Fmp4Samples.Fragment(T0 + 2 * Second)[..777]); // crash mid-append

        var report = await _t.RestartAsync();

        Assert.That(report.TailsTruncated, Is.EqualTo(1));
        Assert.That(new FileInfo(path).Length, Is.EqualTo(committedBytes));
        Assert.That(await _t.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 10 * Second, default), Is.EqualTo(stored));
    }

    [Test]
    public async Task A_file_that_no_row_references_is_deleted()
    {
        await _t.RecordFileAsync("cam-1", T0);
        var orphan = Path.Combine(_t.Store.Layout.MediaRoot, "cam-1", "audio", "20250301", "120010-99.mp4");
        File.WriteAllBytes(orphan, Fmp4Samples.Init()); // crash between file creation and its row

        var report = await _t.RestartAsync();

        Assert.That(report.OrphanFilesDeleted, Is.EqualTo(1));
        Assert.That(File.Exists(orphan), Is.False);
        Assert.That(_t.MediaFiles(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task The_rows_of_a_missing_file_are_dropped()
    {
        var (lost, _) = await _t.RecordFileAsync("cam-1", T0, 2);
        var (_, kept) = await _t.RecordFileAsync("cam-1", T0 + 10 * Second, 1);
        File.Delete(_t.PathOf(lost));

        var report = await _t.RestartAsync();

        Assert.That((report.MissingFiles, report.SegmentsLost), Is.EqualTo((1, 2)));
        Assert.That(await _t.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 20 * Second, default), Is.EqualTo(kept));
        Assert.That((await _t.Store.ListFilesAsync(default)).Select(f => f.Id), Has.None.EqualTo(lost));
    }

    [Test]
    public async Task Segments_whose_bytes_were_lost_are_dropped_and_the_rest_kept()
    {
        var (fileId, stored) = await _t.RecordFileAsync("cam-1", T0, 3);
        await using (var f = new FileStream(_t.PathOf(fileId), FileMode.Open)) f.SetLength(stored[2].OffsetBytes + 10);

        var report = await _t.RestartAsync();

        Assert.That(report.SegmentsLost, Is.EqualTo(1));
        Assert.That(await _t.Store.ListAsync("cam-1", Fmp4Samples.DataType, T0, T0 + 10 * Second, default), Is.EqualTo(stored[..2]));
        Assert.That((await _t.Store.GetStatsAsync(default))[0].SegmentCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_file_that_never_got_a_segment_is_removed_with_its_row()
    {
        await _t.RecordFileAsync("cam-1", T0, 1);
        var empty = await _t.OpenFileAsync("cam-1", T0 + 10 * Second);
        var emptyPath = _t.PathOf(empty.FileId);
        await empty.DisposeAsync();

        var report = await _t.RestartAsync();

        Assert.That(report.EmptyFilesDeleted, Is.EqualTo(1));
        Assert.That(File.Exists(emptyPath), Is.False);
        Assert.That(await _t.Store.ListFilesAsync(default), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task After_reconciliation_the_files_on_disk_are_exactly_those_of_the_catalog()
    {
        await _t.RecordFileAsync("cam-1", T0, 2);
        await _t.RecordFileAsync("cam-2", T0, 2);
        File.WriteAllBytes(Path.Combine(_t.Store.Layout.MediaRoot, "cam-2", "audio", "20250301", "120000-50.mp4"), [1, 2, 3]);

        await _t.RestartAsync();

        var cataloged = (await _t.Store.ListFilesAsync(default)).Select(f => _t.Store.Layout.FullPath(f.RelativePath)).Order();
        Assert.That(_t.MediaFiles(), Is.EqualTo(cataloged));
        SqliteConnection.ClearAllPools();
    }
}
