using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using VmsServices.Media.Mp4;
using VmsServices.Recording.Association;
using VmsServices.Recording.Playback;
using VmsServices.Recording.Serving;
using VmsServices.Recording.Storage;
using VmsServices.Recording.Tests.Storage;

namespace VmsServices.Recording.Tests.Playback;

/// <summary>
/// A playback of segments this server holds, over a real store: every segment in time order, read
/// from the files the catalog names, and the catalog asked for the range at once, not once per
/// segment (a day-long playback is up to 20,000 segments).
/// </summary>
public sealed class PlaybackServiceTests : StoreFixture
{
    private const string Device = "cam-1";

    [Test]
    public async Task A_local_range_over_several_files_is_every_segment_in_order_from_one_catalog_range_query()
    {
        var stored = new List<SegmentInfo>();
        for (var file = 0; file < 3; file++)
            stored.AddRange((await Test.RecordFileAsync(Device, T0 + file * 40 * Second, 40)).Segments);
        var counting = CountingStore.Wrap(Test.Store);
        var table = new AssociationTable("rec-a");
        var service = new PlaybackService(counting.Store, table, new SegmentLocator(counting.Store, table), null!, NullLogger<PlaybackService>.Instance);

        await using var playback = await service.OpenMp4Async(Device, Fmp4Samples.DataType, T0, T0 + 120 * Second, default);
        using var output = new MemoryStream();
        await playback!.CopyToAsync(output);

        var fragments = Fragments(output.ToArray());
        Assert.That(fragments, Has.Count.EqualTo(stored.Count));
        Assert.That(fragments.Select(f => f.Sequence), Is.Ordered.Ascending, "renumbered in time order");
        Assert.That(fragments.Select(f => f.Bytes).ToList(), Is.EqualTo(stored.Select(s => Test.ReadSegmentFragment(s).Length).ToList()),
            "each segment's fragment, whole");
        Assert.That(counting.Calls(nameof(ISegmentStore.FindAsync)), Is.LessThanOrEqualTo(1), "one look-up at most (the first piece's init)");
        Assert.That(counting.Calls(nameof(ISegmentStore.ListAsync)), Is.LessThanOrEqualTo(2), "the range listed, not each segment looked up");
    }

    private static List<(uint Sequence, int Bytes)> Fragments(byte[] mp4)
    {
        var result = new List<(uint, int)>();
        for (var pos = Fmp4Samples.Init().Length; pos < mp4.Length;)
        {
            var parsed = FragmentReader.TryRead(mp4.AsSpan(pos)) ?? throw new InvalidDataException($"no fragment at {pos}");
            result.Add((parsed.SequenceNumber, parsed.LengthBytes));
            pos += parsed.LengthBytes;
        }
        return result;
    }

    /// <summary>The store as it is, with a count of the calls made to it by name.</summary>
    public class CountingStore : DispatchProxy
    {
        private readonly Dictionary<string, int> _calls = [];
        private ISegmentStore _inner = null!;

        public ISegmentStore Store => (ISegmentStore)(object)this;

        public static CountingStore Wrap(ISegmentStore inner)
        {
            var proxy = (CountingStore)(object)Create<ISegmentStore, CountingStore>();
            proxy._inner = inner;
            return proxy;
        }

        public int Calls(string method) => _calls.GetValueOrDefault(method);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            lock (_calls) _calls[method!.Name] = Calls(method.Name) + 1;
            try
            {
                return method.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
