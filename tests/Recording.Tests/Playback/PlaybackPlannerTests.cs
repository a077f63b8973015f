using VmsServices.Recording.Api;
using VmsServices.Recording.Playback;

namespace VmsServices.Recording.Tests.Playback;

public class PlaybackPlannerTests
{
    private const long S = 1_000_000; // one second in µs
    private const long T0 = 1_700_000_000 * S;

    private static SegmentDto Seg(string holder, double from, double to) =>
        new(T0 + (long)Math.Round(from * S), T0 + (long)Math.Round(to * S), 1000, false, holder);

    private static IEnumerable<(string Holder, double From, double To, bool Cut)> Shape(IEnumerable<PlannedPiece> plan) =>
        plan.Select(p => (p.HolderId, (p.StartUtcMicros - T0) / (double)S, (p.EndUtcMicros - T0) / (double)S, p.IsTrimmed));

    [Test]
    public void Contiguous_segments_of_one_holder_are_planned_whole_in_order()
    {
        var plan = PlaybackPlanner.Plan([Seg("a", 4, 8), Seg("a", 0, 4), Seg("a", 8, 12)]);
        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.0, false), ("a", 4.0, 8.0, false), ("a", 8.0, 12.0, false) }));
    }

    [Test]
    public void A_make_before_break_overlap_cuts_the_old_servers_tail_where_the_new_one_begins()
    {
        // rec-b started recording at 5.5 s (a key frame) while rec-a went on until 8 s.
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 4), Seg("a", 4, 8), Seg("b", 5.5, 9.5), Seg("b", 9.5, 13.5)]);

        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.0, false), ("a", 4.0, 5.5, true), ("b", 5.5, 9.5, false), ("b", 9.5, 13.5, false) }));
    }

    [Test]
    public void A_segment_fully_covered_by_what_is_planned_is_skipped()
    {
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 8), Seg("b", 2, 6), Seg("b", 6, 8), Seg("c", 8, 10)]);
        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 8.0, false), ("c", 8.0, 10.0, false) }));
    }

    [Test]
    public void Equal_starts_keep_the_longer_segment_and_skip_the_shorter()
    {
        var plan = PlaybackPlanner.Plan([Seg("b", 0, 2), Seg("a", 0, 4)]);
        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.0, false) }));
    }

    [Test]
    public void A_recording_gap_stays_a_gap_and_nothing_is_invented()
    {
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 4), Seg("b", 10, 14)]);

        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.0, false), ("b", 10.0, 14.0, false) }));
        Assert.That(PlaybackPlanner.IsDiscontinuity(plan[0], plan[1]), Is.True);
    }

    [Test]
    public void Segments_of_three_holders_interleaved_in_the_input_come_out_in_time_order()
    {
        var plan = PlaybackPlanner.Plan([Seg("c", 8, 12), Seg("a", 0, 4), Seg("b", 4, 8), Seg("c", 12, 16)]);
        Assert.That(plan.Select(p => p.HolderId), Is.EqualTo(new[] { "a", "b", "c", "c" }));
        Assert.That(PlaybackPlanner.IsDiscontinuity(plan[0], plan[1]), Is.True, "another server");
        Assert.That(PlaybackPlanner.IsDiscontinuity(plan[2], plan[3]), Is.False, "same server, contiguous");
    }

    [Test]
    public void A_few_milliseconds_of_clock_skew_between_servers_is_not_an_overlap_to_cut()
    {
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 4.003), Seg("b", 4, 8)]);
        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.003, false), ("b", 4.0, 8.0, false) }));
    }

    [Test]
    public void A_cut_that_would_leave_a_sliver_drops_the_piece_instead()
    {
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 4), Seg("a", 4, 8), Seg("b", 4.02, 9)]);
        Assert.That(Shape(plan), Is.EqualTo(new[] { ("a", 0.0, 4.0, false), ("b", 4.02, 9.0, false) }));
    }

    [Test]
    public void A_server_restarted_mid_move_overlapping_twice_never_plays_a_second_twice()
    {
        // a: 0-4, 4-8, 8-12; b (prepared, then restarted): 5-9, 9-13; a still held 8-12.
        var plan = PlaybackPlanner.Plan([Seg("a", 0, 4), Seg("a", 4, 8), Seg("a", 8, 12), Seg("b", 5, 9), Seg("b", 9, 13)]);

        for (int i = 1; i < plan.Count; i++)
            Assert.That(plan[i].StartUtcMicros, Is.GreaterThanOrEqualTo(plan[i - 1].EndUtcMicros), $"piece {i} starts after {i - 1} ends");
        Assert.That(plan[0].StartUtcMicros, Is.EqualTo(T0));
        Assert.That(plan[^1].EndUtcMicros, Is.EqualTo(T0 + 13 * S));
        Assert.That(plan.Zip(plan.Skip(1)).All(p => p.Second.StartUtcMicros == p.First.EndUtcMicros), Is.True, "no hole invented");
    }
}
