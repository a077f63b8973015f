namespace VmsServices.Recording.Storage;

/// <summary>Settings of the "Recording:Archive" configuration section: the archive tier of this server.</summary>
public sealed class ArchiveSettings
{
    public const string Section = "Recording:Archive";

    /// <summary>Directory of the archive volume (another disk, a mounted NAS path); none = no archive tier, retention deletes as before.</summary>
    public string? Path { get; set; }

    /// <summary>Closed recording files whose newest segment ended longer ago than this move to the archive.</summary>
    public TimeSpan MoveAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Bandwidth limit of the moves, bytes per second; 0 = unlimited.</summary>
    public long MaxBytesPerSecond { get; set; }

    /// <summary>Archived recordings older than this are deleted (whole files).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Free-space floor of the archive volume: below it the oldest archived files are deleted, whatever their age.</summary>
    public long MinFreeBytes { get; set; } = 5L << 30;

    /// <summary>How often the mover looks for files due to move.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Throws a clear error for values that cannot work (checked at start-up).</summary>
    public ArchiveSettings Validate()
    {
        if (MoveAfter < TimeSpan.Zero) throw new InvalidOperationException($"{Section}:MoveAfter must not be negative.");
        if (MaxBytesPerSecond < 0) throw new InvalidOperationException($"{Section}:MaxBytesPerSecond must be 0 (unlimited) or positive.");
        if (MaxAge <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:MaxAge must be positive.");
        if (MinFreeBytes < 0) throw new InvalidOperationException($"{Section}:MinFreeBytes must not be negative.");
        if (Interval <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:Interval must be positive.");
        return this;
    }

    /// <summary>The archive tier's retention, in the form <see cref="RetentionPolicy"/> takes.</summary>
    public RetentionSettings ToRetention() => new() { MaxAge = MaxAge, MinFreeBytes = MinFreeBytes };
}
