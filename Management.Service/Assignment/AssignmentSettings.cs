namespace VmsServices.Management.Assignment;

/// <summary>Automatic assignment and rebalancing of devices ("Management:Assignment").</summary>
public sealed class AssignmentSettings
{
    /// <summary>Bit rate assumed for a camera on a server that has not reported a rate yet (4 Mbit/s).</summary>
    public long AssumedBitsPerSecond { get; set; } = 4_000_000;

    /// <summary>Move automatically placed devices from busy to idle servers.</summary>
    public bool Rebalance { get; set; } = true;

    /// <summary>Servers are uneven when their stream counts differ by more than this.</summary>
    public int RebalanceThreshold { get; set; } = 1;

    /// <summary>How often the balance is looked at (also right after a server joins or returns).</summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Moves rebalancing runs at once, so it never floods the cameras or the servers.</summary>
    public int MaxConcurrentMoves { get; set; } = 2;

    /// <summary>A device moved (for any reason) is not rebalanced again within this time: no back and forth.</summary>
    public TimeSpan DeviceCooldown { get; set; } = TimeSpan.FromMinutes(10);
}
