using VmsServices.Media.Rtp;

namespace VmsServices.Media.Codecs;

/// <summary>
/// Turns the RTP packets of one track into access units (<see cref="MediaSample"/>).
/// <para>
/// Usage: call <see cref="Push"/> for each accepted packet in sequence order, then consume
/// <see cref="ReadyCount"/>/<see cref="GetReady"/>. Ready samples (and the memory they point to)
/// stay valid only until the next <see cref="Push"/>, <see cref="Reset"/> or <see cref="Dispose"/>;
/// the payload memory given to <see cref="Push"/> must also stay untouched until then, because audio
/// samples may point straight into it. Consumers must copy what they keep.
/// </para>
/// Not thread-safe: one depacketizer per track, driven by one reader.
/// </summary>
public abstract class Depacketizer : IDisposable
{
    /// <summary>An assembled access unit larger than this is dropped (bounds memory use).</summary>
    public const int MaxFrameBytes = 16 * 1024 * 1024;

    private MediaSample[] _ready = new MediaSample[4];
    private int _readyCount;

    protected Depacketizer(TrackInfo track, int trackIndex)
    {
        Track = track;
        TrackIndex = trackIndex;
    }

    public TrackInfo Track { get; }
    public int TrackIndex { get; }

    /// <summary>Access units dropped because of packet loss, malformed payloads or missing parameters.</summary>
    public long DroppedFrames { get; protected set; }

    public int ReadyCount => _readyCount;

    public MediaSample GetReady(int index) =>
        (uint)index < (uint)_readyCount ? _ready[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>
    /// Feeds one RTP packet. <paramref name="timestamp"/> is the extended (64-bit) RTP timestamp;
    /// <paramref name="lossBefore"/> tells that packets are missing before this one. Never throws
    /// on malformed payloads; they are counted in <see cref="DroppedFrames"/>.
    /// </summary>
    public void Push(in RtpPacket header, long timestamp, ReadOnlyMemory<byte> payload, bool lossBefore)
    {
        ClearReady();
        OnPacket(header, timestamp, payload, lossBefore);
    }

    /// <summary>Forgets any partial frame (e.g. after the stream restarted).</summary>
    public virtual void Reset() => ClearReady();

    protected abstract void OnPacket(in RtpPacket header, long timestamp, ReadOnlyMemory<byte> payload, bool lossBefore);

    /// <summary>Called when ready samples are released, so buffers backing them can be reused.</summary>
    protected virtual void OnReadyReleased() { }

    protected void Emit(in MediaSample sample)
    {
        if (_readyCount == _ready.Length)
            Array.Resize(ref _ready, _ready.Length * 2);
        _ready[_readyCount++] = sample;
    }

    /// <summary>Releases the ready samples early (the next <see cref="Push"/> does it anyway).</summary>
    public void ReleaseReady() => ClearReady();

    private void ClearReady()
    {
        if (_readyCount == 0)
            return;
        Array.Clear(_ready, 0, _readyCount);
        _readyCount = 0;
        OnReadyReleased();
    }

    /// <summary>Creates the depacketizer matching <see cref="TrackInfo.Codec"/>.</summary>
    public static Depacketizer Create(TrackInfo track, int trackIndex) => track.Codec switch
    {
        Codec.H264 => new H264Depacketizer(track, trackIndex),
        Codec.H265 => new H265Depacketizer(track, trackIndex),
        Codec.Aac => new AacDepacketizer(track, trackIndex),
        Codec.Pcmu or Codec.Pcma => new G711Depacketizer(track, trackIndex),
        _ => throw new NotSupportedException($"No depacketizer for {track.Codec}"),
    };

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) => ClearReady();
}
