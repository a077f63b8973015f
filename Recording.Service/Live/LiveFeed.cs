using System.Threading.Channels;
using VmsServices.Hosting;
using VmsServices.Media.Mp4;

namespace VmsServices.Recording.Live;

/// <summary>One piece of a live stream: the init segment (first piece of a viewer only) and one fragment starting on a key frame.</summary>
public readonly record struct LiveChunk(byte[]? Init, byte[] Fragment);

/// <summary>
/// The live view of one device, fed by its recorder's own RTSP session: whatever the number of
/// viewers, the camera sees one session (the recorder's), and with no viewer the feed costs one
/// check per sample. Each viewer gets the init segment, then every fragment from the next key frame
/// on. A viewer that falls <see cref="MaxQueuedFragments"/> fragments behind is dropped rather than
/// served a stream with holes; so is every viewer when the session ends (its codec parameters may
/// change with the next session: the player reconnects).
/// </summary>
public sealed class LiveFeed
{
    public const int MaxViewers = 32;
    public const int MaxQueuedFragments = 16;

    private readonly Lock _gate = new();
    private readonly List<Viewer> _viewers = [];
    private volatile int _count;

    public bool HasViewers => _count > 0;

    public int ViewerCount => _count;

    /// <summary>
    /// Raised (outside the feed's lock) when the first viewer arrives or the last leaves. Concurrent
    /// raises may arrive out of order: handlers read <see cref="HasViewers"/> rather than trust the order.
    /// </summary>
    public event Action? WatchedChanged;

    public LiveViewer Subscribe()
    {
        var viewer = new Viewer(Channel.CreateBounded<LiveChunk>(new BoundedChannelOptions(MaxQueuedFragments) { SingleReader = true, SingleWriter = true }));
        bool first;
        lock (_gate)
        {
            if (_viewers.Count >= MaxViewers) throw new UnavailableException($"This device already has {MaxViewers} live viewers.");
            _viewers.Add(viewer);
            _count = _viewers.Count;
            first = _count == 1;
        }
        if (first) WatchedChanged?.Invoke();
        return new LiveViewer(viewer.Channel.Reader, () => Remove(viewer, null));
    }

    /// <summary>Sends a fragment (copied once, shared by every viewer) with its init segment to whoever needs it.</summary>
    internal void Publish(byte[] init, FragmentBytes fragment)
    {
        if (!HasViewers) return;
        var bytes = fragment.ToArray();
        List<Viewer> slow = [];
        lock (_gate)
        {
            foreach (var v in _viewers)
            {
                var chunk = new LiveChunk(v.InitSent == init ? null : init, bytes);
                if (v.Channel.Writer.TryWrite(chunk)) v.InitSent = init;
                else slow.Add(v);
            }
        }
        foreach (var v in slow) Remove(v, new LiveViewerTooSlowException());
    }

    /// <summary>The session ended: every viewer's stream ends (they reconnect to the next session).</summary>
    internal void EndSession()
    {
        List<Viewer> all;
        lock (_gate) all = [.. _viewers];
        foreach (var v in all) Remove(v, null);
    }

    private void Remove(Viewer viewer, Exception? error)
    {
        bool last;
        lock (_gate)
        {
            last = _viewers.Remove(viewer) && _viewers.Count == 0;
            _count = _viewers.Count;
        }
        viewer.Channel.Writer.TryComplete(error);
        if (last) WatchedChanged?.Invoke();
    }

    private sealed class Viewer(Channel<LiveChunk> channel)
    {
        public Channel<LiveChunk> Channel { get; } = channel;
        public byte[]? InitSent { get; set; }
    }
}

/// <summary>A viewer's subscription; dispose it when the client leaves.</summary>
public sealed class LiveViewer(ChannelReader<LiveChunk> reader, Action leave) : IDisposable
{
    public ChannelReader<LiveChunk> Reader { get; } = reader;
    public void Dispose() => leave();
}

/// <summary>The viewer did not read fast enough; its stream is ended instead of skipping fragments.</summary>
public sealed class LiveViewerTooSlowException() : Exception("The live viewer fell too far behind and was disconnected.");
