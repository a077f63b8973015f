using VmsServices.Messages;
using VmsServices.Recording.Association;

namespace VmsServices.Recording.Tests.Association;

/// <summary>The association table of seed 000 FIG. 7A/7B as rec-b builds it: rec-a holds older segments of cam-1.</summary>
public sealed class AssociationTableTests
{
    private static readonly RecordingServerRecord A = new("rec-a", "A", "http://127.0.0.1:6001");
    private static readonly RecordingServerRecord B = new("rec-b", "B", "http://127.0.0.1:6002");
    private static readonly RecordingServerRecord C = new("rec-c", "C", "http://127.0.0.1:6003");

    private static ConfigurationCopy Copy(params (string Device, string Server, bool Current)[] rows) =>
        new("rec-b", 1,
            rows.GroupBy(r => r.Device).Select(g => new DeviceConfiguration(new DeviceRecord(g.Key, g.Key, "rtsp://x/" + g.Key, null, null),
                g.Select(r => new ConfigurationEntry(g.Key, DataTypes.Video, r.Server, r.Current)).ToList())).ToList(),
            [A, B, C]);

    private static AssociationTable MovedCam(out List<(string DeviceId, string DataType, string ServerId)> added)
    {
        var table = new AssociationTable("rec-b");
        added = table.ApplyCopy(Copy(("cam-1", "rec-a", false), ("cam-1", "rec-b", true)));
        return table;
    }

    private static (long, long)[] Segs(params long[] starts) => starts.Select(s => (s, s + 10)).ToArray();

    [Test]
    public void Building_from_the_copy_names_the_peers_to_ask_and_the_current_server()
    {
        var table = MovedCam(out var added);

        Assert.That(added, Is.EqualTo(new[] { ("cam-1", DataTypes.Video, "rec-a") }), "only peers are asked, never this server");
        Assert.That(table.CurrentServer("cam-1", DataTypes.Video), Is.EqualTo("rec-b"));
        Assert.That(table.IsCurrentHere("cam-1", DataTypes.Video), Is.True);
        Assert.That(table.Server("rec-a")!.Address, Is.EqualTo(A.Address));
        Assert.That(table.ApplyCopy(Copy(("cam-1", "rec-a", false), ("cam-1", "rec-b", true))), Is.Empty, "the same copy again names no new peer");
    }

    [Test]
    public void A_segment_is_found_by_its_start_and_by_any_instant_inside_it_but_not_at_its_end()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(100, 110, 130));

        Assert.That(table.TryFindSegment("cam-1", DataTypes.Video, 110, out var bySegment), Is.True);
        Assert.That(bySegment, Is.EqualTo(new SegmentLocation("rec-a", 110, 120)));
        Assert.That(table.TryFindSegment("cam-1", DataTypes.Video, 111, out _), Is.False, "an identity is an exact start");
        Assert.That(table.TryFindInstant("cam-1", DataTypes.Video, 119, out var byInstant) && byInstant.StartUtcMicros == 110, Is.True);
        Assert.That(table.TryFindInstant("cam-1", DataTypes.Video, 120, out _), Is.False, "[start, end): the gap 120-130");
        Assert.That(table.TryFindInstant("cam-1", DataTypes.Video, 99, out _), Is.False);
        Assert.That(table.TryFindInstant("cam-1", DataTypes.Video, 140, out _), Is.False);
        Assert.That(table.TryFindSegment("cam-2", DataTypes.Video, 110, out _), Is.False, "unknown device");
    }

    [Test]
    public void Out_of_order_and_duplicate_segments_keep_the_run_sorted_and_unique()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(300, 100, 200, 100, 250, 50));

        var listed = table.ListRemote("cam-1", DataTypes.Video, long.MinValue, long.MaxValue, 100).Select(s => s.StartUtcMicros);

        Assert.That(listed, Is.EqualTo(new long[] { 50, 100, 200, 250, 300 }));
    }

    [Test]
    public void Deleted_segments_disappear_unknown_ones_are_ignored_and_holds_no_more_empties_the_row()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(10, 20, 30, 40, 50));

        table.RemoveSegments("rec-a", "cam-1", DataTypes.Video, [40, 10, 999, 10], holdsNoMore: false);
        Assert.That(table.ListRemote("cam-1", DataTypes.Video, 0, 100, 100).Select(s => s.StartUtcMicros), Is.EqualTo(new long[] { 20, 30, 50 }));

        table.RemoveSegments("rec-a", "cam-1", DataTypes.Video, [], holdsNoMore: true);
        Assert.That(table.ListRemote("cam-1", DataTypes.Video, 0, 100, 100), Is.Empty);
    }

    [Test]
    public void A_range_listing_merges_the_holders_in_start_order_and_includes_a_segment_overlapping_its_start()
    {
        var table = new AssociationTable("rec-b");
        table.ApplyCopy(Copy(("cam-1", "rec-a", false), ("cam-1", "rec-c", false), ("cam-1", "rec-b", true)));
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(100, 110, 200));
        table.AddSegments("rec-c", "cam-1", DataTypes.Video, Segs(120, 130, 210));

        var listed = table.ListRemote("cam-1", DataTypes.Video, 105, 205, 100);

        Assert.That(listed.Select(s => (s.RecordingServerId, s.StartUtcMicros)), Is.EqualTo(new[]
        {
            ("rec-a", 100L), ("rec-a", 110L), ("rec-c", 120L), ("rec-c", 130L), ("rec-a", 200L),
        }));
        Assert.That(table.ListRemote("cam-1", DataTypes.Video, 105, 205, 2).Count, Is.EqualTo(2), "the limit holds after merging");
    }

    [Test]
    public void Events_from_this_server_from_unnamed_peers_and_of_devices_outside_the_copy_are_ignored()
    {
        var table = MovedCam(out _);

        Assert.That(table.AddSegments("rec-b", "cam-1", DataTypes.Video, Segs(1)), Is.False, "own segments live in the catalog");
        Assert.That(table.AddSegments("rec-c", "cam-1", DataTypes.Video, Segs(1)), Is.False, "the copy does not name rec-c for cam-1");
        Assert.That(table.AddSegments("rec-a", "cam-9", DataTypes.Video, Segs(1)), Is.False, "cam-9 is not in the copy");
        Assert.That(table.AddSegments("rec-a", "cam-1", DataTypes.Audio, Segs(1)), Is.False, "no audio row");
        Assert.That(table.ListRemote("cam-1", DataTypes.Video, long.MinValue, long.MaxValue, 10), Is.Empty);
    }

    [Test]
    public void A_retired_row_and_a_device_leaving_the_copy_are_forgotten_with_their_segments()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(100));

        table.ApplyCopy(Copy(("cam-1", "rec-b", true), ("cam-2", "rec-b", true)));
        Assert.That(table.TryFindSegment("cam-1", DataTypes.Video, 100, out _), Is.False, "rec-a's row was retired ([0081])");
        Assert.That(table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(200)), Is.False);

        table.ApplyCopy(Copy(("cam-2", "rec-b", true)));
        Assert.That(table.Find("cam-1", DataTypes.Video), Is.Null);
        Assert.That(table.CurrentServer("cam-1", DataTypes.Video), Is.Null);
    }

    [Test]
    public void A_resync_replaces_a_peers_segments_but_keeps_events_that_arrived_while_its_list_travelled()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(10, 20, 30)); // 30 was deleted on rec-a; that event got lost
        var association = table.Find("cam-1", DataTypes.Video)!;

        var pending = association.BeginResync("rec-a");
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Segs(50));          // stored after rec-a produced its list
        table.RemoveSegments("rec-a", "cam-1", DataTypes.Video, [10], false);   // deleted after rec-a produced its list
        association.EndResync(pending, [(10, 20), (20, 30), (40, 50)]);

        Assert.That(table.ListRemote("cam-1", DataTypes.Video, 0, 100, 100).Select(s => s.StartUtcMicros), Is.EqualTo(new long[] { 20, 40, 50 }));

        var failed = association.BeginResync("rec-a");
        association.EndResync(failed, null);
        Assert.That(table.ListRemote("cam-1", DataTypes.Video, 0, 100, 100).Count, Is.EqualTo(3), "a peer that is down changes nothing");
    }

    [Test]
    public void Looking_up_a_segment_allocates_nothing()
    {
        var table = MovedCam(out _);
        table.AddSegments("rec-a", "cam-1", DataTypes.Video, Enumerable.Range(0, 10_000).Select(i => (i * 10L, i * 10L + 10)));
        table.TryFindSegment("cam-1", DataTypes.Video, 500, out _); // warm up (lock's per-thread state)
        table.TryFindInstant("cam-1", DataTypes.Video, 505, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (table.TryFindSegment("cam-1", DataTypes.Video, i * 10L, out _)) found++;
            if (table.TryFindInstant("cam-1", DataTypes.Video, i * 10L + 5, out _)) found++;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(found, Is.EqualTo(20_000));
        // Nothing per look-up; a one-off runtime allocation (tiered JIT) in the window is tolerated.
        Assert.That(allocated, Is.LessThan(20_000));
    }

    [Test]
    public void One_million_segments_memory_per_segment_is_printed()
    {
        const int n = 1_000_000;
        var table = MovedCam(out _);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var association = table.Find("cam-1", DataTypes.Video)!;
        var batch = new (long, long)[500];
        for (var i = 0; i < n; i += batch.Length)
        {
            for (var j = 0; j < batch.Length; j++) batch[j] = ((i + j) * 4_000_000L, (i + j + 1) * 4_000_000L);
            association.Add("rec-a", batch); // like SegmentsStored batches
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);

        TestContext.Out.WriteLine($"{n:N0} segments: {(after - before) / (double)n:F1} bytes/segment retained (arrays: {association.SegmentBytes() / (double)n:F1} bytes/segment at current capacity)");
        Assert.That(table.TryFindInstant("cam-1", DataTypes.Video, 999_999 * 4_000_000L + 1, out var last) && last.StartUtcMicros == 999_999 * 4_000_000L, Is.True);
        GC.KeepAlive(table);
    }
}
