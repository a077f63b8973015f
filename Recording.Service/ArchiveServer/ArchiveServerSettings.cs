namespace VmsServices.Recording.ArchiveServer;

/// <summary>Settings of the "Recording:ArchiveServer" section: what an archiving server (<c>Recording:Role=Archive</c>) takes, and how fast.</summary>
public sealed class ArchiveServerSettings
{
    public const string Section = "Recording:ArchiveServer";

    /// <summary>Segments that ended longer ago than this are taken from the recording servers.</summary>
    public TimeSpan MoveAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the recording servers are asked for segments that are due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Bandwidth limit of the transfers, bytes per second, all sources together; 0 = unlimited.</summary>
    public long MaxBytesPerSecond { get; set; }

    /// <summary>Segments confirmed to a source in one <see cref="Messages.ConfirmArchived"/>: the source deletes them as each batch arrives.</summary>
    public int ConfirmBatch { get; set; } = 50;

    /// <summary>Throws a clear error for values that cannot work (checked at start-up).</summary>
    public ArchiveServerSettings Validate()
    {
        if (MoveAfter < TimeSpan.Zero) throw new InvalidOperationException($"{Section}:MoveAfter must not be negative.");
        if (Interval <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:Interval must be positive.");
        if (MaxBytesPerSecond < 0) throw new InvalidOperationException($"{Section}:MaxBytesPerSecond must be 0 (unlimited) or positive.");
        if (ConfirmBatch is < 1 or > 1000) throw new InvalidOperationException($"{Section}:ConfirmBatch must be between 1 and 1000.");
        return this;
    }
}
