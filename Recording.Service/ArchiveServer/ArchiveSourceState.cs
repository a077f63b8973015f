namespace VmsServices.Recording.ArchiveServer;

/// <summary>
/// On a recording server: the last time an archiving server asked which devices have segments due
/// (<c>GET /api/archive/holdings</c>) and the cut-off it asked with, so that <c>GET /api/archive</c>
/// can say how much waits to leave. In memory: after a restart it is known again at the archive's next pass.
/// </summary>
public sealed class ArchiveSourceState
{
    private volatile ArchiveRequest? _last;

    public ArchiveRequest? Last => _last;

    public void Record(long cutoffUtcMicros, long askedUtcMicros) => _last = new ArchiveRequest(cutoffUtcMicros, askedUtcMicros);
}

/// <summary>An archiving server asked for the segments that ended by <paramref name="CutoffUtcMicros"/>, at <paramref name="AskedUtcMicros"/>.</summary>
public sealed record ArchiveRequest(long CutoffUtcMicros, long AskedUtcMicros);
