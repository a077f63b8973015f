using VmsServices.Hosting;
using VmsServices.Recording.Live;

namespace VmsServices.Recording.Tests.Live;

public sealed class LiveFeedTests
{
    private static readonly byte[] Init = [1, 2, 3];

    [Test]
    public void Each_viewer_gets_the_init_segment_once_then_only_fragments()
    {
        var feed = new LiveFeed();
        using var early = feed.Subscribe();
        feed.Publish(Init, new byte[] { 10 });
        using var late = feed.Subscribe();
        feed.Publish(Init, new byte[] { 11 });

        Assert.That(early.Reader.TryRead(out var a1) && a1.Init == Init && a1.Fragment[0] == 10);
        Assert.That(early.Reader.TryRead(out var a2) && a2.Init is null && a2.Fragment[0] == 11);
        Assert.That(late.Reader.TryRead(out var b1) && b1.Init == Init && b1.Fragment[0] == 11, "a late viewer starts with the init segment");
    }

    [Test]
    public void Watched_changes_when_the_first_viewer_arrives_and_when_the_last_leaves_only()
    {
        var feed = new LiveFeed();
        var seen = new List<bool>();
        feed.WatchedChanged += () => seen.Add(feed.HasViewers);

        var first = feed.Subscribe();
        var second = feed.Subscribe();
        first.Dispose();
        Assert.That(seen, Is.EqualTo(new[] { true }));
        second.Dispose();
        Assert.That(seen, Is.EqualTo(new[] { true, false }));
        second.Dispose();
        Assert.That(seen, Is.EqualTo(new[] { true, false }), "leaving twice is leaving once");

        using var again = feed.Subscribe();
        feed.EndSession();
        Assert.That(seen, Is.EqualTo(new[] { true, false, true, false }), "the session's end drops the last viewer too");
    }

    [Test]
    public void New_codec_parameters_send_the_new_init_segment_again()
    {
        var feed = new LiveFeed();
        using var viewer = feed.Subscribe();
        feed.Publish(Init, new byte[] { 10 });
        byte[] other = [4, 5];
        feed.Publish(other, new byte[] { 11 });
        viewer.Reader.TryRead(out _);
        Assert.That(viewer.Reader.TryRead(out var chunk) && chunk.Init == other);
    }

    [Test]
    public void A_viewer_that_falls_behind_is_dropped_and_the_others_keep_their_stream()
    {
        var feed = new LiveFeed();
        using var slow = feed.Subscribe();
        using var fast = feed.Subscribe();
        for (var i = 0; i <= LiveFeed.MaxQueuedFragments; i++)
        {
            feed.Publish(Init, new[] { (byte)i });
            Assert.That(fast.Reader.TryRead(out _), Is.True);
        }
        Assert.That(feed.ViewerCount, Is.EqualTo(1));
        // It still gets what was queued (a continuous stream), then the reason it ends.
        var queued = 0;
        while (slow.Reader.TryRead(out _)) queued++;
        Assert.That(queued, Is.EqualTo(LiveFeed.MaxQueuedFragments));
        Assert.That(slow.Reader.Completion.IsFaulted, Is.True);
        Assert.That(slow.Reader.Completion.Exception!.InnerException, Is.TypeOf<LiveViewerTooSlowException>());
    }

    [Test]
    public void Viewers_are_limited_leaving_frees_a_place_and_the_end_of_a_session_ends_every_stream()
    {
        var feed = new LiveFeed();
        var viewers = Enumerable.Range(0, LiveFeed.MaxViewers).Select(_ => feed.Subscribe()).ToList();
        Assert.Throws<UnavailableException>(() => feed.Subscribe());
        viewers[0].Dispose();
        viewers[0] = feed.Subscribe();
        Assert.That(feed.HasViewers, Is.True);

        feed.EndSession();
        Assert.That(feed.HasViewers, Is.False);
        Assert.That(viewers.Select(v => v.Reader.Completion.IsCompleted), Is.All.True);
    }
}
