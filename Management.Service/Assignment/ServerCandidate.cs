namespace VmsServices.Management.Assignment;

/// <summary>
/// An online recording server as assignment sees it: the streams it records or is about to record,
/// an estimate of their bit rate, its free disk, and its limits (0 = none).
/// </summary>
public sealed record ServerCandidate(
    string Id,
    int Streams,
    long BitsPerSecond,
    long DiskFreeBytes,
    int MaxStreams,
    long MaxBitsPerSecond,
    long MinFreeDiskBytes)
{
    /// <summary>
    /// The share of this server's tightest limit still free after adding one stream of
    /// <paramref name="bitsPerSecond"/>: negative when it would exceed a limit. A server without
    /// limits scores by stream count alone, so the emptier server still wins.
    /// </summary>
    public double HeadroomAfter(long bitsPerSecond)
    {
        if (MinFreeDiskBytes > 0 && DiskFreeBytes < MinFreeDiskBytes) return -1;
        var headroom = 1.0 / (Streams + 2); // no limit: fewer streams, more headroom
        if (MaxStreams > 0) headroom = Math.Min(headroom, 1.0 - (Streams + 1) / (double)MaxStreams);
        if (MaxBitsPerSecond > 0) headroom = Math.Min(headroom, 1.0 - (BitsPerSecond + bitsPerSecond) / (double)MaxBitsPerSecond);
        return headroom;
    }

    /// <summary>This server once a stream of <paramref name="bitsPerSecond"/> is added (positive) or removed (negative count).</summary>
    public ServerCandidate With(int streams, long bitsPerSecond) =>
        this with { Streams = Streams + streams, BitsPerSecond = Math.Max(0, BitsPerSecond + bitsPerSecond) };
}
