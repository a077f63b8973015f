using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;
using VmsServices.Recording.Tests.Storage;

/// <summary>
/// The tier-move crash child: <c>move &lt;dataDirectory&gt; &lt;archiveDirectory&gt; &lt;firstStartUtcMicros&gt; &lt;maxBytesPerSecond&gt;</c>.
/// One writer records closed files of 10 one-second segments ("committed &lt;deviceId&gt; &lt;start&gt; ok"),
/// while the mover keeps moving every closed live file to the archive ("moved &lt;fileId&gt; ok" after
/// the catalog switch). The test kills it with SIGKILL at random moments, mid-copy or between steps.
/// </summary>
internal static class TierMover
{
    private const string Device = "cam-tier";

    public static async Task RunAsync(string[] args)
    {
        var (dataDirectory, archiveDirectory, firstStart, maxBytesPerSecond) = (args[0], args[1], long.Parse(args[2]), long.Parse(args[3]));
        await using var store = new SegmentStore(dataDirectory, NullLogger<SegmentStore>.Instance, TimeProvider.System, archiveDirectory);
        var report = await store.InitializeAsync(default);
        var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var gate = new Lock();
        void Say(string line) { lock (gate) stdout.WriteLine(line); }
        Say($"reconciled {report.PartialTransfersDeleted} {report.OrphanFilesDeleted} ok"); // what the previous kill left
        Console.Error.WriteLine("ready");
        await Task.WhenAll(WriteAsync(store, firstStart, Say), MoveAsync(store, new BandwidthThrottle(maxBytesPerSecond, TimeProvider.System), Say));
    }

    private static async Task WriteAsync(SegmentStore store, long firstStart, Action<string> say)
    {
        var last = await store.LastSegmentAsync(Device, Fmp4Samples.DataType, default); // restarted rounds continue after it
        var start = last?.EndUtcMicros ?? firstStart;
        while (true)
        {
            await using var file = await store.OpenFileAsync(Device, Fmp4Samples.DataType, start, Fmp4Samples.Init(), default);
            for (var i = 0; i < 10; i++, start += Fmp4Samples.SegmentMicros)
            {
                await file.AppendSegmentAsync(Fmp4Samples.Fragment(start), start, start + Fmp4Samples.SegmentMicros, SegmentFlags.None, default);
                say($"committed {Device} {start} ok");
                await Task.Delay(5); // leave the mover some disk time
            }
        }
    }

    private static async Task MoveAsync(SegmentStore store, BandwidthThrottle throttle, Action<string> say)
    {
        while (true)
        {
            var due = ArchivePolicy.SelectFilesToMove(await store.ListFilesAsync(default), store.IsOpenForWriting, TimeSpan.Zero, long.MaxValue);
            foreach (var file in due)
                if (await store.MoveToArchiveAsync(file.Id, throttle, default) > 0) say($"moved {file.Id} ok");
            if (due.Count == 0) await Task.Delay(20);
        }
    }
}
