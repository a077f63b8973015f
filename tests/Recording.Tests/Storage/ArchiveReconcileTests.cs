using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// Each crash point of a tier move, simulated by doing its steps partially (SegmentStore.Archive.cs):
/// after the restart every segment is on exactly one volume, reads its exact bytes, and the catalog
/// agrees with the files.
/// </summary>
public sealed class ArchiveReconcileTests
{
    private static readonly long T0 = Fmp4Samples.Epoch;
    private TestStore _t = null!;
    private long _fileId;
    private List<SegmentInfo> _segments = null!;

    [SetUp]
    public async Task SetUp()
    {
        _t = await TestStore.CreateAsync(withArchive: true);
        (_fileId, _segments) = await _t.RecordFileAsync("cam-1", T0, 3);
        RelativePath = (await _t.Store.ListFilesAsync(default)).Single().RelativePath;
    }

    [TearDown]
    public async Task TearDown() => await _t.DisposeAsync();

    private string RelativePath { get; set; } = "";
    private string LivePath => _t.Store.Layout.FullPath(StorageVolume.Live, RelativePath);
    private string ArchivePath => _t.Store.Layout.FullPath(StorageVolume.Archive, RelativePath);

    private void CopyToArchive(string target, long? lengthBytes = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var bytes = File.ReadAllBytes(LivePath);
        File.WriteAllBytes(target, bytes[..(int)(lengthBytes ?? bytes.Length)]);
    }

    private async Task AssertOnlyOnAsync(StorageVolume volume)
    {
        var file = (await _t.Store.ListFilesAsync(default)).Single();
        Assert.That(file.Volume, Is.EqualTo(volume), "the catalog");
        var expected = new[] { _t.Store.Layout.FullPath(volume, file.RelativePath) };
        Assert.That(_t.MediaFiles().Concat(_t.ArchiveFiles()), Is.EqualTo(expected), "exactly one copy, where the catalog says");
        foreach (var s in _segments) Assert.That(_t.ReadSegmentFragment(s), Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros)));
    }

    /// <summary>A complete move, then the live source written back as it was.</summary>
    private async Task MoveThenRestoreSourceAsync()
    {
        var liveBytes = await File.ReadAllBytesAsync(LivePath);
        await _t.Store.MoveToArchiveAsync(_fileId, BandwidthThrottle.Unlimited, default);
        Directory.CreateDirectory(Path.GetDirectoryName(LivePath)!);
        await File.WriteAllBytesAsync(LivePath, liveBytes);
    }

    [Test]
    public async Task A_crash_while_copying_leaves_a_partial_copy_that_is_deleted()
    {
        CopyToArchive(ArchivePath + MediaLayout.TransferSuffix, lengthBytes: 100);

        var report = await _t.RestartAsync();

        Assert.That(report.PartialTransfersDeleted, Is.EqualTo(1));
        await AssertOnlyOnAsync(StorageVolume.Live);
    }

    [Test]
    public async Task A_crash_after_the_rename_but_before_the_catalog_switch_deletes_the_archive_copy()
    {
        CopyToArchive(ArchivePath);

        var report = await _t.RestartAsync();

        Assert.That(report.OrphanFilesDeleted, Is.EqualTo(1));
        await AssertOnlyOnAsync(StorageVolume.Live);
    }

    [Test]
    public async Task A_crash_after_the_catalog_switch_but_before_the_source_is_deleted_deletes_the_source()
    {
        await MoveThenRestoreSourceAsync(); // the source as it was before step 4

        var report = await _t.RestartAsync();

        Assert.That(report.OrphanFilesDeleted, Is.EqualTo(1));
        await AssertOnlyOnAsync(StorageVolume.Archive);
    }

    [Test]
    public async Task The_only_copy_is_never_deleted_even_if_the_catalog_points_at_the_other_volume()
    {
        // Not a crash point of the move (its order cannot produce this), but what the orphan scan must survive.
        await MoveThenRestoreSourceAsync();
        File.Delete(ArchivePath);

        var report = await _t.RestartAsync();

        Assert.That((report.MissingFiles, report.OrphanFilesDeleted), Is.EqualTo((0, 0)));
        await AssertOnlyOnAsync(StorageVolume.Live);
    }

    [Test]
    public async Task An_unmounted_archive_keeps_its_rows_and_they_serve_again_once_it_is_back()
    {
        await _t.Store.MoveToArchiveAsync(_fileId, BandwidthThrottle.Unlimited, default);
        var archiveRoot = _t.Store.Layout.ArchiveRoot!;
        Directory.Move(archiveRoot, archiveRoot + "-unmounted");

        var report = await _t.RestartAsync();

        Assert.That((report.MissingFiles, report.SegmentsLost), Is.EqualTo((0, 0)));
        Assert.That((await _t.Store.ListFilesAsync(default)).Single().Volume, Is.EqualTo(StorageVolume.Archive));
        Assert.Throws<FileNotFoundException>(() => _t.Store.OpenSegment(_segments[0]).Dispose());

        Directory.Move(archiveRoot + "-unmounted", archiveRoot);
        await AssertOnlyOnAsync(StorageVolume.Archive);
    }
}
