using VmsServices.Recording.Heartbeat;

namespace VmsServices.Recording;

/// <summary>Settings of the "Recording" configuration section.</summary>
public sealed class RecordingSettings
{
    public const string Section = "Recording";

    /// <summary>This recording server's id in the configuration table.</summary>
    public string ServerId { get; set; } = "rec-1";

    /// <summary>Display name; defaults to the id.</summary>
    public string? Name { get; set; }

    /// <summary>Base URL peers and clients reach this server at; defaults to the first of "Urls".</summary>
    public string? PublicAddress { get; set; }

    /// <summary>Local storage: the configuration copy database (and, later, the media volume).</summary>
    public string DataDirectory { get; set; } = "data/rec-1";

    /// <summary>
    /// Drop a segment's pages from the page cache once it is durable (posix_fadvise DONTNEED, Linux).
    /// Video written is rarely read soon; cached, it only pushes the catalog and other readers out,
    /// and taking fresh pages for every write costs more CPU than the copy itself (see bench/README.md).
    /// </summary>
    public bool DropWrittenPages { get; set; } = true;

    /// <summary>How often the configuration copy is refreshed from the management server, whatever the events say.</summary>
    public TimeSpan ConfigurationRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long committed segments are collected before one SegmentsStored per device is published.</summary>
    public TimeSpan SegmentsStoredFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often this server tells the management server it is alive and how loaded it is.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A current device not recorded for this long is reported offline (seed 001 table 3).</summary>
    public TimeSpan DeviceOfflineAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limits the management server respects when it assigns devices here.</summary>
    public CapacitySettings Capacity { get; set; } = new();

    /// <summary>Recording (the default) or Archive: an archiving server records no camera and keeps older segments of the others.</summary>
    public RecordingServerRole Role { get; set; } = RecordingServerRole.Recording;

    public bool IsArchive => Role == RecordingServerRole.Archive;
}
