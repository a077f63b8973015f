using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Hosting;
using VmsServices.Messages;
using VmsServices.Recording.Storage;

namespace VmsServices.Recording.Tests.Storage;

public sealed class RetentionTests
{
    private static readonly long T0 = Fmp4Samples.Epoch;
    private const long Second = Fmp4Samples.SegmentMicros;
    private const long Day = 86_400 * Second;
    private TestStore _t = null!;
    private FakeFreeSpace _free = null!;
    private RetentionSettings _settings = null!;

    [SetUp]
    public async Task SetUp()
    {
        _t = await TestStore.CreateAsync();
        _free = new FakeFreeSpace();
        _settings = new RetentionSettings { MaxAge = TimeSpan.FromDays(30), MinFreeBytes = 1000 };
    }

    [TearDown]
    public async Task TearDown() => await _t.DisposeAsync();

    private RetentionService Service(long nowUtcMicros, params ISegmentsDeletedSink[] sinks) =>
        new(_t.Store, _settings, _free, sinks, new FixedClock(nowUtcMicros), NullLogger<RetentionService>.Instance);

    private static RecordingFileRow File(long id, string device, long firstStart, long lastEnd, long bytes = 100) =>
        new(id, device, "video", $"{device}/video/x/{id}.mp4", 10, firstStart, bytes, 1, firstStart, lastEnd);

    [Test]
    public void The_policy_picks_files_whose_newest_segment_is_older_than_the_device_max_age()
    {
        _settings.DeviceMaxAge["cam-short"] = TimeSpan.FromDays(1);
        var now = T0 + 40 * Day;
        RecordingFileRow[] files =
        [
            File(1, "cam-1", T0, T0 + Second),                   // 40 days old
            File(2, "cam-1", now - 31 * Day, now - 29 * Day),    // straddles the limit: kept whole
            File(3, "cam-short", now - 3 * Day, now - 2 * Day),  // over its own 1-day limit
            File(4, "cam-1", now - Day, now),
        ];

        var chosen = RetentionPolicy.SelectFilesToDelete(files, _ => false, _settings, now, freeBytes: long.MaxValue);

        Assert.That(chosen, Is.EqualTo(new long[] { 1, 3 }));
    }

    [Test]
    public void Under_the_free_space_floor_the_policy_picks_the_oldest_files_until_the_floor_is_reached()
    {
        var now = T0 + Day;
        RecordingFileRow[] files = [File(3, "cam-2", T0 + 300, T0 + 400, 600), File(1, "cam-1", T0, T0 + 100, 300), File(2, "cam-1", T0 + 200, T0 + 300, 300)];

        var chosen = RetentionPolicy.SelectFilesToDelete(files, _ => false, _settings, now, freeBytes: 500);

        Assert.That(chosen, Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void The_policy_never_picks_a_file_open_for_writing()
    {
        RecordingFileRow[] files = [File(1, "cam-1", T0, T0 + 100), File(2, "cam-1", T0 + 200, T0 + 300)];

        var chosen = RetentionPolicy.SelectFilesToDelete(files, id => id == 1, _settings, T0 + 100 * Day, freeBytes: 0);

        Assert.That(chosen, Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task Old_files_are_deleted_with_their_rows_and_reported_per_device()
    {
        var (old1, segments1) = await _t.RecordFileAsync("cam-1", T0, 2);
        var (_, segments2) = await _t.RecordFileAsync("cam-2", T0, 1);
        var (recent, _) = await _t.RecordFileAsync("cam-2", T0 + 35 * Day, 1);
        var oldPath = _t.PathOf(old1);
        var sink = new RecordingSink();

        var deleted = await Service(T0 + 40 * Day, sink).RunOnceAsync(default);

        Assert.That(deleted, Is.EqualTo(new[]
        {
            new DeletedSegments("cam-1", "audio", Refs(segments1), HoldsNoMore: true),
            new DeletedSegments("cam-2", "audio", Refs(segments2), HoldsNoMore: false),
        }).Using<DeletedSegments>(SameDeletion));
        Assert.That(sink.Received.Single(), Is.SameAs(deleted));
        Assert.That(System.IO.File.Exists(oldPath), Is.False);
        Assert.That((await _t.Store.ListFilesAsync(default)).Select(f => f.Id), Is.EqualTo(new[] { recent }));
        Assert.That(await _t.Store.ListAsync("cam-1", "audio", long.MinValue, long.MaxValue, default), Is.Empty);
    }

    [Test]
    public async Task A_full_volume_deletes_the_oldest_files_of_any_age_but_never_the_one_being_written()
    {
        var (oldest, _) = await _t.RecordFileAsync("cam-1", T0, 1);
        var (older, _) = await _t.RecordFileAsync("cam-2", T0 + 10 * Second, 1);
        await using var open = await _t.OpenFileAsync("cam-1", T0 + 20 * Second);
        await TestStore.AppendAsync(open, T0 + 20 * Second);
        _free.Bytes = 0;
        _settings.MinFreeBytes = long.MaxValue; // never reachable: everything deletable goes

        var deleted = await Service(T0 + Day).RunOnceAsync(default);

        Assert.That(deleted.Select(d => d.DeviceId), Is.EqualTo(new[] { "cam-1", "cam-2" }));
        Assert.That(deleted[0].HoldsNoMore, Is.False, "cam-1 still has the open file's segment");
        Assert.That((await _t.Store.ListFilesAsync(default)).Select(f => f.Id), Is.EqualTo(new[] { open.FileId }));
        Assert.That(System.IO.File.Exists(_t.PathOf(open.FileId)), Is.True);
        Assert.That(new[] { oldest, older }, Has.None.EqualTo(open.FileId));
    }

    [Test]
    public async Task A_failing_sink_does_not_undo_or_stop_retention()
    {
        await _t.RecordFileAsync("cam-1", T0, 1);

        var deleted = await Service(T0 + 40 * Day, new FailingSink()).RunOnceAsync(default);

        Assert.That(deleted, Has.Count.EqualTo(1));
        Assert.That(await _t.Store.ListFilesAsync(default), Is.Empty);
    }

    [Test]
    public async Task Nothing_to_delete_reports_nothing()
    {
        await _t.RecordFileAsync("cam-1", T0, 1);

        Assert.That(await Service(T0 + Day).RunOnceAsync(default), Is.Empty);
    }

    [Test]
    public void Settings_bind_from_configuration_with_per_device_overrides()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recording:Retention:MaxAge"] = "10.00:00:00",
            ["Recording:Retention:DeviceMaxAge:cam-7"] = "2.00:00:00",
            ["Recording:Retention:MinFreeBytes"] = "1073741824",
        }).Build();

        var bound = configuration.GetSection(RetentionSettings.Section).Get<RetentionSettings>()!;

        Assert.That((bound.MaxAgeOf("cam-1"), bound.MaxAgeOf("cam-7"), bound.MinFreeBytes, bound.Interval),
            Is.EqualTo((TimeSpan.FromDays(10), TimeSpan.FromDays(2), 1L << 30, TimeSpan.FromMinutes(1))));
    }

    [Test]
    public void A_deletion_converts_to_the_SegmentsDeleted_event()
    {
        var d = new DeletedSegments("cam-1", "video", [new SegmentRef(1, 2, 3)], true);

        var message = d.ToMessage("rec-a", 42);

        Assert.That((message.RecordingServerId, message.DeviceId, message.DataType, message.Segments, message.HoldsNoMore, message.DeletedUtcMicros),
            Is.EqualTo(("rec-a", "cam-1", "video", d.Segments, true, 42L)));
    }

    private static List<SegmentRef> Refs(IEnumerable<SegmentInfo> segments) => segments.Select(s => new SegmentRef(s.StartUtcMicros, s.EndUtcMicros, s.LengthBytes)).ToList();

    private static bool SameDeletion(DeletedSegments a, DeletedSegments b) =>
        (a.DeviceId, a.DataType, a.HoldsNoMore) == (b.DeviceId, b.DataType, b.HoldsNoMore) && a.Segments.SequenceEqual(b.Segments);


    private sealed class FailingSink : ISegmentsDeletedSink
    {
        public Task OnDeletedAsync(IReadOnlyList<DeletedSegments> deleted, CancellationToken ct) => throw new InvalidOperationException("bus down");
    }
}
