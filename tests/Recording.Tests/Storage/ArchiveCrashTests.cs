using System.Collections.Concurrent;
using VmsServices.Recording.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// Tier moves under kill -9: the CrashWriter child (move mode) records closed files and keeps moving
/// them from the live to the archive volume, throttled in some rounds (killed mid-copy) and
/// unthrottled in others (killed between rename, catalog switch and source deletion), and is
/// SIGKILLed at random moments six times over the same two volumes. Afterwards every segment
/// reported committed exists exactly once, with its bytes; every file reported moved is on the
/// archive; the catalog agrees with the files of both volumes; every file decodes.
/// </summary>
[Category("process")]
public sealed class ArchiveCrashTests
{
    private const int Rounds = 6;

    [Test]
    public async Task Every_segment_exists_exactly_once_after_kills_during_tier_moves()
    {
        var directory = RepoPaths.NewScratchDirectory("tier-crash");
        var committed = new ConcurrentBag<long>();
        var moved = new ConcurrentBag<long>();
        var random = new Random(2026);
        int partial = 0, orphans = 0; // repaired by each restart: evidence of where the kills landed
        for (var round = 0; round < Rounds; round++)
        {
            var limit = round % 2 == 0 ? 200_000 : 0;
            var (c0, m0) = (committed.Count, moved.Count);
            await CrashChild.RunAndKillAsync(["move", directory, TestStore.ArchiveDirectoryOf(directory), Fmp4Samples.Epoch.ToString(), limit.ToString()], parts =>
            {
                if (parts is ["committed", _, var start, "ok"]) committed.Add(long.Parse(start));
                else if (parts is ["moved", var fileId, "ok"]) moved.Add(long.Parse(fileId));
                else if (parts is ["reconciled", var p, var o, "ok"]) (partial, orphans) = (partial + int.Parse(p), orphans + int.Parse(o));
            }, TimeSpan.FromMilliseconds(random.Next(300, 1500)));
            TestContext.Out.WriteLine($"round {round + 1} (limit {limit} B/s): {committed.Count - c0} segments committed, {moved.Count - m0} files moved before SIGKILL");
        }

        await using var t = await TestStore.CreateAsync(directory, withArchive: true);
        TestContext.Out.WriteLine($"restarts deleted {partial} partial copies and {orphans} orphan copies; final reconciliation: {t.LastReconcile}");
        Assert.That(moved, Is.Not.Empty, "some moves completed");
        var files = await t.Store.ListFilesAsync(default);
        Assert.That(files.Select(f => f.Volume), Does.Contain(StorageVolume.Live), "some files were still live (killed before or during their move)");
        await AssertConsistentAsync(t, committed);
        Assert.That(files.Where(f => moved.Contains(f.Id)).Select(f => f.Volume), Has.All.EqualTo(StorageVolume.Archive), "a move reported done survives the kill");

        // And the interrupted ones finish: everything closed ends up on the archive, exactly once.
        foreach (var f in files.Where(f => f.Volume == StorageVolume.Live))
            await t.Store.MoveToArchiveAsync(f.Id, BandwidthThrottle.Unlimited, default);
        Assert.That(t.MediaFiles(), Is.Empty);
        await AssertConsistentAsync(t, committed);
    }

    private static async Task AssertConsistentAsync(TestStore t, IEnumerable<long> committed)
    {
        var segments = await t.Store.ListAsync("cam-tier", Fmp4Samples.DataType, long.MinValue, long.MaxValue, default);
        Assert.That(segments.Select(s => s.StartUtcMicros), Is.Unique);
        Assert.That(segments.Select(s => s.StartUtcMicros), Is.SupersetOf(committed.Distinct()), "every segment reported committed is in the catalog");
        foreach (var s in segments)
            Assert.That(t.ReadSegmentFragment(s), Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros)), $"bytes of {s.StartUtcMicros}");

        var files = await t.Store.ListFilesAsync(default);
        var expected = files.Select(f => t.Store.Layout.FullPath(f.Volume, f.RelativePath)).Order().ToList();
        Assert.That(t.MediaFiles().Concat(t.ArchiveFiles()).Order(), Is.EqualTo(expected), "files on both volumes == catalog, each on exactly one volume");
        foreach (var f in files)
            Assert.That(new FileInfo(t.Store.Layout.FullPath(f.Volume, f.RelativePath)).Length, Is.EqualTo(f.LengthBytes), $"{f.RelativePath} holds exactly its committed bytes");
        if (!File.Exists(Ffprobe.Path)) return;
        foreach (var path in expected)
            Assert.That(Ffprobe.Probe(path)["nb_read_packets"], Is.EqualTo((50 * files.Single(f => path.EndsWith(f.RelativePath, StringComparison.Ordinal)).SegmentCount).ToString()), $"{path} decodes whole");
    }
}
