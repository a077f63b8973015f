using System.Collections.Concurrent;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// A real crash: the CrashWriter program records with several writers and is killed with SIGKILL
/// at random moments, five times over the same store. Whatever it reported as committed must be in
/// the catalog with its exact bytes, and reconciliation must leave files and catalog in agreement.
/// </summary>
[Category("process")]
public sealed class CrashTests
{
    private const int Rounds = 5, Writers = 4;

    [Test]
    public async Task Every_segment_reported_committed_before_a_kill_survives_with_its_bytes()
    {
        var directory = RepoPaths.NewScratchDirectory("crash");
        var committed = new ConcurrentBag<(string DeviceId, long Start)>();
        var random = new Random(2025);
        for (var round = 0; round < Rounds; round++)
        {
            var before = committed.Count;
            await RunAndKillAsync(directory, committed, TimeSpan.FromMilliseconds(random.Next(50, 1500)));
            TestContext.Out.WriteLine($"round {round + 1}: {committed.Count - before} segments reported committed before SIGKILL");
        }

        await using var t = await TestStore.CreateAsync(directory);
        TestContext.Out.WriteLine($"final reconciliation: {t.LastReconcile}");
        Assert.That(committed, Is.Not.Empty);
        foreach (var (deviceId, start) in committed.OrderBy(c => c))
        {
            var segment = await t.Store.FindAsync(deviceId, Fmp4Samples.DataType, start, default);
            Assert.That(segment, Is.Not.Null, $"{deviceId} {start} was reported committed");
            Assert.That(t.ReadSegmentFragment(segment!), Is.EqualTo(Fmp4Samples.Fragment(start)), $"bytes of {deviceId} {start}");
        }
        var files = await t.Store.ListFilesAsync(default);
        Assert.That(t.MediaFiles(), Is.EqualTo(files.Select(f => t.Store.Layout.FullPath(f.RelativePath)).Order()), "files on disk == catalog");
        foreach (var f in files)
            Assert.That(new FileInfo(t.Store.Layout.FullPath(f.RelativePath)).Length, Is.EqualTo(f.LengthBytes), $"no tail after the last committed segment of {f.RelativePath}");
    }

    private static Task RunAndKillAsync(string directory, ConcurrentBag<(string, long)> committed, TimeSpan afterFirstCommit) =>
        CrashChild.RunAndKillAsync([directory, Fmp4Samples.Epoch.ToString(), Writers.ToString()], parts =>
        {
            if (parts is ["committed", var device, var start, "ok"]) committed.Add((device, long.Parse(start)));
        }, afterFirstCommit);
}
