namespace VmsServices.Recording.Heartbeat;

/// <summary>
/// What a recording server accepts ("Recording:Capacity"); sent with every heartbeat so the
/// management server never assigns it more. Zero means no limit of that kind. The disk floor is
/// separate from retention's: retention keeps a full disk at its floor by deleting old recordings,
/// so a full disk is the normal state of a busy server, not a reason to refuse cameras.
/// </summary>
public sealed class CapacitySettings
{
    public int MaxStreams { get; set; }
    public long MaxBitsPerSecond { get; set; }
    public long MinFreeDiskBytes { get; set; }
}
