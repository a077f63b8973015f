namespace VmsServices.Recording.Recorder;

/// <summary>
/// Recorder settings, read from the same "Recording" section as <see cref="RecordingSettings"/>
/// (extra keys; binding ignores the keys it does not know). Durations use .NET TimeSpan syntax.
/// </summary>
public sealed class RecorderOptions
{
    public const string Section = RecordingSettings.Section;

    /// <summary>A segment is cut at the first key frame at or after this duration (so it is bounded by the GOP).</summary>
    public TimeSpan SegmentTargetDuration { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long the target of a move waits for its first committed segment before it reports failure.</summary>
    public TimeSpan PrepareTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A prepared recording whose move never made this server current stops after this long.</summary>
    public TimeSpan PreparedRecordingLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When the camera timeline (anchor + RTP elapsed) and the local clock disagree by more than this at a
    /// segment boundary, the next segment is re-anchored to the local clock (see docs/design/time.md).
    /// </summary>
    public TimeSpan MaxClockDrift { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An RTP timestamp step larger than this (or backwards) ends the segment; the next one is AfterGap.</summary>
    public TimeSpan MaxTimestampJump { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A recording file is rolled when its first segment started this long ago (wall time).</summary>
    public TimeSpan FileRollInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delay of the first reconnect after a drop: quick, a camera reboot or a network blip is common.</summary>
    public TimeSpan FirstReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Second reconnect delay; doubled per further failure up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A session that ran longer than this resets the backoff.</summary>
    public TimeSpan StableSessionDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>No media for this long fails the session (RtspSessionOptions.DataStallTimeout).</summary>
    public TimeSpan StreamStallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The camera socket wakes its reader about this often instead of at every camera write
    /// (RtspSessionOptions.ReceiveBatchInterval): waking costs far more CPU than the bytes read, and the
    /// recording is cut per segment anyway. Off while the device has a live viewer. Zero reads every
    /// write as it arrives. 200 ms cost 21-27 % less CPU than 100 ms at 256 streams, 500 ms another
    /// 13 % (bench/README.md).
    /// </summary>
    public TimeSpan ReceiveBatchInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A segment holding more than this many bytes is cut even without a key frame (next one is AfterGap).</summary>
    public int MaxSegmentBytes { get; set; } = 64 * 1024 * 1024;
}
