using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>Storage tiers on one server: two directories as the live and the archive volume.</summary>
public sealed class ArchiveTests
{
    private static readonly long T0 = Fmp4Samples.Epoch;
    private const long Second = Fmp4Samples.SegmentMicros;
    private const long Day = 86_400 * Second;
    private TestStore _t = null!;
    private ArchiveSettings _archive = null!;

    [SetUp]
    public async Task SetUp()
    {
        _t = await TestStore.CreateAsync(withArchive: true);
        _archive = new ArchiveSettings { Path = _t.ArchiveDirectory, MoveAfter = TimeSpan.FromDays(1), MaxAge = TimeSpan.FromDays(365), MinFreeBytes = 1000 };
    }

    [TearDown]
    public async Task TearDown() => await _t.DisposeAsync();

    private ArchiveService Mover(long nowUtcMicros) => new(_t.Store, _archive, new FixedClock(nowUtcMicros), NullLogger<ArchiveService>.Instance);

    private async Task<Dictionary<SegmentInfo, byte[]>> ReadAllAsync(params string[] devices)
    {
        var all = new Dictionary<SegmentInfo, byte[]>();
        foreach (var device in devices)
            foreach (var s in await _t.Store.ListAsync(device, Fmp4Samples.DataType, long.MinValue, long.MaxValue, default))
            {
                await using var stream = _t.Store.OpenSegment(s);
                var bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes);
                all[s] = bytes;
            }
        return all;
    }

    [Test]
    public async Task Files_due_move_to_the_archive_and_serve_the_same_bytes_while_the_open_file_stays_live()
    {
        var (old1, _) = await _t.RecordFileAsync("cam-1", T0, 3);
        var (old2, _) = await _t.RecordFileAsync("cam-2", T0 + 10 * Second, 2);
        var (recent, _) = await _t.RecordFileAsync("cam-2", T0 + Day, 2);
        await using var open = await _t.OpenFileAsync("cam-1", T0 + 20 * Second);
        await TestStore.AppendAsync(open, T0 + 20 * Second, 2);
        var before = await ReadAllAsync("cam-1", "cam-2");

        var report = await Mover(T0 + 2 * Day).RunOnceAsync(default);

        Assert.That((report.FilesMoved, report.FilesFailed), Is.EqualTo((2, 0)));
        var volumes = (await _t.Store.ListFilesAsync(default)).ToDictionary(f => f.Id, f => f.Volume);
        Assert.That(volumes, Is.EqualTo(new Dictionary<long, StorageVolume>
        {
            [old1] = StorageVolume.Archive, [old2] = StorageVolume.Archive, [recent] = StorageVolume.Live, [open.FileId] = StorageVolume.Live,
        }));
        Assert.That(await ReadAllAsync("cam-1", "cam-2"), Is.EqualTo(before), "every segment reads the same bytes from wherever its file is");
        Assert.That(_t.MediaFiles(), Is.EqualTo(new[] { _t.PathOf(recent), _t.PathOf(open.FileId) }.Order()), "the moved files left the live volume");
        Assert.That(_t.ArchiveFiles(), Is.EqualTo(new[] { _t.PathOf(old1), _t.PathOf(old2) }.Order()));
        Assert.That(_t.PathOf(old1), Does.StartWith(_t.Store.Layout.ArchiveRoot!));
    }

    [Test]
    public async Task The_file_being_written_never_moves_however_old()
    {
        await using var open = await _t.OpenFileAsync("cam-1", T0);
        await TestStore.AppendAsync(open, T0, 2);

        var report = await Mover(T0 + 100 * Day).RunOnceAsync(default);
        var moved = await _t.Store.MoveToArchiveAsync(open.FileId, BandwidthThrottle.Unlimited, default);

        Assert.That((report.FilesMoved, moved), Is.EqualTo((0, 0L)));
        Assert.That((await _t.Store.ListFilesAsync(default)).Single().Volume, Is.EqualTo(StorageVolume.Live));
        await TestStore.AppendAsync(open, T0 + 2 * Second); // and it keeps recording
    }

    [Test]
    public async Task Moving_is_idempotent_and_survives_a_restart()
    {
        var (fileId, segments) = await _t.RecordFileAsync("cam-1", T0, 2);
        Assert.That(await _t.Store.MoveToArchiveAsync(fileId, BandwidthThrottle.Unlimited, default), Is.GreaterThan(0));
        Assert.That(await _t.Store.MoveToArchiveAsync(fileId, BandwidthThrottle.Unlimited, default), Is.EqualTo(0), "a moved file is not moved again");

        var reconcile = await _t.RestartAsync();

        Assert.That(reconcile, Is.EqualTo(new ReconcileReport(0, 0, 0, 0, 0)));
        Assert.That(_t.ReadSegmentFragment(segments[1]), Is.EqualTo(Fmp4Samples.Fragment(T0 + Second)));
        Assert.That((_t.MediaFiles().Length, _t.ArchiveFiles().Length), Is.EqualTo((0, 1)));
    }

    [Test]
    [Category("ffmpeg")]
    public async Task A_moved_file_and_a_segment_served_from_the_archive_decode()
    {
        Ffprobe.RequireInstalled();
        var (fileId, segments) = await _t.RecordFileAsync("cam-1", T0, 3);
        await Mover(T0 + 2 * Day).RunOnceAsync(default);
        var copy = Path.Combine(_t.Directory, "served.mp4");
        await using (var source = _t.Store.OpenSegment(segments[2]))
        await using (var target = File.Create(copy))
            await source.CopyToAsync(target);

        Assert.That(Ffprobe.Probe(_t.PathOf(fileId))["nb_read_packets"], Is.EqualTo("150"));
        Assert.That(Ffprobe.Probe(copy)["nb_read_packets"], Is.EqualTo("50"));
    }

    [Test]
    public async Task The_bandwidth_limit_bounds_the_transfer_rate()
    {
        var (fileId, _) = await _t.RecordFileAsync("cam-1", T0, 12); // ~100 KB
        var throttle = new BandwidthThrottle(100_000, TimeProvider.System);
        var watch = Stopwatch.StartNew();

        var bytes = await _t.Store.MoveToArchiveAsync(fileId, throttle, default);

        // A lower bound only (the throttle may never be faster than the limit; a loaded machine may be slower).
        var minimum = TimeSpan.FromSeconds((double)(bytes - throttle.ChunkBytes) / throttle.MaxBytesPerSecond);
        TestContext.Out.WriteLine($"{bytes} bytes in {watch.Elapsed.TotalMilliseconds:F0} ms at a limit of {throttle.MaxBytesPerSecond} B/s");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(minimum * 0.95));
    }

    [Test]
    public async Task With_an_archive_the_live_tier_moves_instead_of_deleting_by_age_and_the_archive_has_its_own_retention()
    {
        var (archivedOld, segments) = await _t.RecordFileAsync("cam-1", T0, 2);
        await _t.Store.MoveToArchiveAsync(archivedOld, BandwidthThrottle.Unlimited, default);
        var (liveOld, _) = await _t.RecordFileAsync("cam-2", T0, 2);
        _archive.MaxAge = TimeSpan.FromDays(20);
        var sink = new RecordingSink();
        var retention = new RetentionService(_t.Store, new RetentionSettings { MaxAge = TimeSpan.FromDays(10), MinFreeBytes = 0 }, new FakeFreeSpace(), [sink],
            new FixedClock(T0 + 30 * Day), NullLogger<RetentionService>.Instance, archive: _archive);

        var deleted = await retention.RunOnceAsync(default);

        Assert.That(deleted.Select(d => (d.DeviceId, d.HoldsNoMore, d.Segments.Count)), Is.EqualTo(new[] { ("cam-1", true, segments.Count) }));
        Assert.That(sink.Received.Single(), Is.EqualTo(deleted));
        Assert.That((await _t.Store.ListFilesAsync(default)).Select(f => (f.Id, f.Volume)), Is.EqualTo(new[] { (liveOld, StorageVolume.Live) }),
            "the old live file waits for the mover; the archived one went by the archive's MaxAge");
        Assert.That(_t.ArchiveFiles(), Is.Empty);
    }

    [Test]
    public async Task The_storage_report_shows_live_archived_and_pending_per_device()
    {
        var (moved, _) = await _t.RecordFileAsync("cam-1", T0, 3);
        await _t.Store.MoveToArchiveAsync(moved, BandwidthThrottle.Unlimited, default);
        await _t.RecordFileAsync("cam-1", T0 + 10 * Second, 2);   // due, not moved yet
        await _t.RecordFileAsync("cam-1", T0 + 2 * Day, 1);       // too recent
        var files = await _t.Store.ListFilesAsync(default);
        var mover = Mover(T0 + 2 * Day + 10 * Second);

        var report = DeviceStorageReport.Build(files, mover.IsDue).Single();

        Assert.That((report.SegmentCount, report.Live.SegmentCount, report.Archived.SegmentCount, report.Pending.SegmentCount), Is.EqualTo((6L, 3L, 3L, 2L)));
        Assert.That((report.Archived.OldestUtcMicros, report.Archived.NewestUtcMicros), Is.EqualTo(((long?)T0, (long?)(T0 + 3 * Second))));
        Assert.That((report.Pending.OldestUtcMicros, report.Live.NewestUtcMicros), Is.EqualTo(((long?)(T0 + 10 * Second), (long?)(T0 + 2 * Day + Second))));
        Assert.That(report.SizeBytes, Is.EqualTo(report.Live.SizeBytes + report.Archived.SizeBytes));
    }

    [Test]
    public void The_policy_picks_closed_live_files_older_than_MoveAfter_oldest_first()
    {
        RecordingFileRow F(long id, long lastEnd, StorageVolume volume = StorageVolume.Live) =>
            new(id, "cam-1", "video", $"cam-1/video/x/{id}.mp4", 10, lastEnd - Second, 100, 1, lastEnd - Second, lastEnd, volume);
        var now = T0 + 10 * Day;
        RecordingFileRow[] files = [F(4, now - 2 * Day), F(1, now - 3 * Day), F(2, now - 5 * Day, StorageVolume.Archive), F(3, now - 4 * Day), F(5, now - Day / 2)];

        var due = ArchivePolicy.SelectFilesToMove(files, id => id == 3, TimeSpan.FromDays(1), now);

        Assert.That(due.Select(f => f.Id), Is.EqualTo(new long[] { 1, 4 }));
    }

    [Test]
    public async Task A_catalog_from_before_tiers_opens_with_every_file_on_the_live_volume()
    {
        var (fileId, segments) = await _t.RecordFileAsync("cam-1", T0, 2);
        await _t.Store.DisposeAsync();
        await using (var c = new SqliteConnection($"Data Source={_t.Store.Layout.CatalogPath}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE recording_files DROP COLUMN volume; DELETE FROM schema_migrations WHERE version = 2;";
            await cmd.ExecuteNonQueryAsync();
        }

        await _t.RestartAsync();

        Assert.That((await _t.Store.ListFilesAsync(default)).Single().Volume, Is.EqualTo(StorageVolume.Live));
        Assert.That(_t.ReadSegmentFragment(segments[0]), Is.EqualTo(Fmp4Samples.Fragment(T0)));
        Assert.That(await _t.Store.MoveToArchiveAsync(fileId, BandwidthThrottle.Unlimited, default), Is.GreaterThan(0));
    }

    [Test]
    public void An_archive_directory_overlapping_the_live_media_root_is_refused()
    {
        var data = Path.Combine(_t.Directory, "other");
        Assert.Throws<ArgumentException>(() => _ = new MediaLayout(data, data));
        Assert.Throws<ArgumentException>(() => _ = new MediaLayout(data, Path.Combine(data, "media", "x")));
    }
}
