using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Recording.Storage;
using VmsServices.TestSupport;

namespace VmsServices.Recording.Tests.Storage;

/// <summary>
/// Durable segments leave the page cache (Recording:DropWrittenPages), judged by util-linux's
/// fincore: what is resident of a recording file after the appends, with the setting on and off.
/// The bytes stay readable either way.
/// </summary>
[Platform("Linux")]
public sealed class PageCacheTests
{
    private const int Segments = 8;
    private const long SegmentMicros = 20 * Fmp4Samples.SegmentMicros; // 160 KB of samples each

    [Test]
    public async Task Appended_segments_are_dropped_from_the_page_cache_once_durable_and_read_back_the_same([Values] bool drop)
    {
        // Beside the checkout, not in the temp directory: /tmp may be tmpfs, whose pages are the file itself.
        var directory = Path.Combine(RepoPaths.Root, "artifacts", "page-cache-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (await FileSystemTypeAsync(directory) == "tmpfs")
        {
            Directory.Delete(directory);
            Assert.Ignore("The checkout is on tmpfs: it has no page cache apart from the file.");
        }
        var store = new SegmentStore(directory, NullLogger<SegmentStore>.Instance, TimeProvider.System) { DropWrittenPages = drop };
        try
        {
            await store.InitializeAsync(default);
            var stored = new List<SegmentInfo>();
            await using (var writer = await store.OpenFileAsync("cam-1", Fmp4Samples.DataType, Fmp4Samples.Epoch, Fmp4Samples.Init(), default))
                for (var i = 0; i < Segments; i++)
                {
                    var start = Fmp4Samples.Epoch + i * SegmentMicros;
                    stored.Add(await writer.AppendSegmentAsync(Fmp4Samples.Fragment(start, SegmentMicros), start, start + SegmentMicros, SegmentFlags.None, default));
                }
            var file = (await store.ListFilesAsync(default)).Single();
            var path = store.Layout.FullPath(file.Volume, file.RelativePath);
            var size = new FileInfo(path).Length;

            var resident = await ResidentBytesAsync(path);
            TestContext.Out.WriteLine($"drop={drop}: {resident} of {size} bytes resident");
            if (drop)
                Assert.That(resident, Is.LessThan(size / 4), "at most the last append's tail stays");
            else
                Assert.That(resident, Is.GreaterThanOrEqualTo(size - 4096), "kept: everything written is still cached");

            foreach (var s in stored)
            {
                await using var segment = store.OpenSegment(s);
                var bytes = new byte[segment.Length];
                segment.ReadExactly(bytes);
                Assert.That(bytes[^(int)s.LengthBytes..], Is.EqualTo(Fmp4Samples.Fragment(s.StartUtcMicros, SegmentMicros)));
            }
        }
        finally
        {
            await store.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, true);
        }
    }

    /// <summary>Bytes of the file in the page cache, as fincore (util-linux) reports them.</summary>
    private static async Task<long> ResidentBytesAsync(string path) =>
        long.Parse(await RunAsync("fincore", "--bytes", "--noheadings", "--output", "RES", path));

    private static Task<string> FileSystemTypeAsync(string path) => RunAsync("stat", "--file-system", "--format=%T", path);

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} could not be started");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{program}: {await process.StandardError.ReadToEndAsync()}");
        return output.Trim();
    }
}
