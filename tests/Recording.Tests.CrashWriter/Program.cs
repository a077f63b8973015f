using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;
using VmsServices.Recording.Tests.Storage;

// Usage: CrashWriter <dataDirectory> <firstStartUtcMicros> <writers>
//        CrashWriter move <dataDirectory> <archiveDirectory> <firstStartUtcMicros> <maxBytesPerSecond>  (see TierMover.cs)
// Appends 1-second segments forever with several concurrent writers (so group commit batches rows),
// rolling files every 20 segments, and prints "committed <deviceId> <startUtcMicros> ok" after each
// commit returned. The test kills it with SIGKILL at a random moment.
if (args is ["move", ..]) { await TierMover.RunAsync(args[1..]); return; }
var dataDirectory = args[0];
var firstStart = long.Parse(args[1]);
var writers = int.Parse(args[2]);

await using var store = new SegmentStore(dataDirectory, NullLogger<SegmentStore>.Instance, TimeProvider.System);
await store.InitializeAsync(default);
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var gate = new Lock();
Console.Error.WriteLine("ready");

await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    var deviceId = $"cam-{w}";
    // Restarted rounds continue after what the catalog already holds.
    var existing = await store.ListAsync(deviceId, Fmp4Samples.DataType, long.MinValue, long.MaxValue, default);
    var start = existing.Count > 0 ? existing[^1].EndUtcMicros : firstStart;
    while (true)
    {
        await using var file = await store.OpenFileAsync(deviceId, Fmp4Samples.DataType, start, Fmp4Samples.Init(), default);
        for (var i = 0; i < 20; i++, start += Fmp4Samples.SegmentMicros)
        {
            await file.AppendSegmentAsync(Fmp4Samples.Fragment(start), start, start + Fmp4Samples.SegmentMicros, SegmentFlags.None, default);
            lock (gate) stdout.WriteLine($"committed {deviceId} {start} ok"); // "ok": a line cut by the kill is not taken as committed
        }
    }
})));
