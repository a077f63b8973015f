using VmsServices.Hosting;
using VmsServices.Recording.Tests.Storage;

namespace VmsServices.Recording.Tests.ArchiveServer;

/// <summary>One archiving server's passes against one source, in-process (ArchivePuller, SegmentTransfer, ArchiveWriters).</summary>
public sealed class ArchivePassTests
{
    private static readonly long Old = Fmp4Samples.Epoch;
    private const long Second = Fmp4Samples.SegmentMicros;
    private ArchivePassHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await ArchivePassHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task Due_segments_move_to_the_archive_byte_for_byte_and_leave_the_source_once_confirmed_with_their_checksum()
    {
        var (_, first) = await _h.RecordAsync(Old, 3);
        var (_, second) = await _h.RecordAsync(Old + 10 * Second, 2);
        var (_, recent) = await _h.RecordAsync(TimeProvider.System.Now() - 10 * Second, 2);
        var due = first.Concat(second).ToList();
        var originals = new Dictionary<long, byte[]>();
        foreach (var s in due) originals[s.StartUtcMicros] = await ArchivePassHarness.StandaloneAsync(_h.Source, s);

        await _h.Puller.RunOnceAsync(default);

        var archived = await _h.HeldAsync(_h.Archive);
        Assert.That(archived.Select(s => (s.StartUtcMicros, s.EndUtcMicros)), Is.EqualTo(due.Select(s => (s.StartUtcMicros, s.EndUtcMicros))));
        foreach (var s in archived)
            Assert.That(await ArchivePassHarness.StandaloneAsync(_h.Archive, s), Is.EqualTo(originals[s.StartUtcMicros]), $"segment {s.StartUtcMicros}");
        Assert.That((await _h.HeldAsync(_h.Source)).Select(s => s.StartUtcMicros), Is.EqualTo(recent.Select(s => s.StartUtcMicros)), "only what is not due stays at the source");
        Assert.That(_h.Messages.RowRequests, Is.EqualTo(new[] { (ArchivePassHarness.Device, Fmp4Samples.DataType) }), "the row is asked for once");
        Assert.That(_h.Messages.Confirmations.SelectMany(c => c.Segments).Select(s => s.StartUtcMicros), Is.EqualTo(due.Select(s => s.StartUtcMicros)));
        Assert.That(_h.Archive.MediaFiles(), Has.Length.EqualTo(1), "the taken segments share one archive file (one init segment)");
        Assert.That(_h.Progress.Status(new()).LastPass!.SegmentsTransferred, Is.EqualTo(due.Count));
    }

    [Test]
    public async Task A_pass_after_an_interrupted_one_confirms_what_the_archive_holds_without_downloading_it_again()
    {
        var (_, due) = await _h.RecordAsync(Old, 4);
        _h.Messages.Deliver = false;
        await _h.Puller.RunOnceAsync(default);
        Assert.That(await _h.HeldAsync(_h.Source), Has.Count.EqualTo(4), "nothing confirmed reached the source: it keeps everything");
        var downloads = _h.Http.SegmentDownloads;

        _h.Messages.Deliver = true;
        await _h.Puller.RunOnceAsync(default);

        Assert.That(_h.Http.SegmentDownloads, Is.EqualTo(downloads), "held segments are not fetched again");
        Assert.That(await _h.HeldAsync(_h.Source), Is.Empty);
        Assert.That((await _h.HeldAsync(_h.Archive)).Select(s => s.StartUtcMicros), Is.EqualTo(due.Select(s => s.StartUtcMicros)), "each segment once");
    }

    [Test]
    public async Task A_segment_that_does_not_match_its_source_checksum_stays_at_the_source_and_out_of_the_archive()
    {
        await _h.RecordAsync(Old, 2);
        _h.Http.CorruptDigests = true;

        await _h.Puller.RunOnceAsync(default);

        Assert.That(await _h.HeldAsync(_h.Archive), Is.Empty);
        Assert.That(await _h.HeldAsync(_h.Source), Has.Count.EqualTo(2));
        Assert.That(_h.Messages.Confirmations, Is.Empty);
        Assert.That(_h.Progress.Status(new()).LastPass!.SegmentsRejected, Is.EqualTo(2));
    }

    [Test]
    public async Task Until_its_row_exists_the_archive_keeps_its_copies_and_confirms_nothing_then_confirms_them_all()
    {
        var (_, due) = await _h.RecordAsync(Old, 3);
        _h.Messages.GrantRows = false;
        _h.Puller.RowWait = TimeSpan.Zero;

        await _h.Puller.RunOnceAsync(default);

        Assert.That(_h.Messages.Confirmations, Is.Empty, "no confirmation before the configuration table names the archive");
        Assert.That(await _h.HeldAsync(_h.Archive), Has.Count.EqualTo(3));
        Assert.That(await _h.HeldAsync(_h.Source), Has.Count.EqualTo(3));

        await _h.GrantRowAsync(Fmp4Samples.DataType);
        await _h.Puller.RunOnceAsync(default);

        Assert.That(_h.Messages.Confirmations.SelectMany(c => c.Segments).Select(s => s.StartUtcMicros), Is.EqualTo(due.Select(s => s.StartUtcMicros)));
        Assert.That(await _h.HeldAsync(_h.Source), Is.Empty);
    }

    [Test]
    public async Task A_row_of_a_device_the_archive_holds_nothing_of_is_announced_for_retirement()
    {
        await _h.GrantRowAsync(Fmp4Samples.DataType);

        await _h.Puller.RunOnceAsync(default);

        Assert.That(_h.Messages.Retired, Is.EqualTo(new[] { (ArchivePassHarness.Device, Fmp4Samples.DataType) }));
    }
}
