namespace VmsServices.Onvif;

/// <summary>Settings of an <see cref="OnvifDevice"/>.</summary>
public sealed record OnvifClientOptions
{
    /// <summary>One call (including an HTTP digest retry) must complete within this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Larger responses are refused (Malformed) without being parsed.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Service addresses (XAddrs) that a device reports with another host than the one it was
    /// reached at (its LAN address behind NAT, another interface) are moved to the scheme, host and
    /// port of the device service URL, keeping their path. Off: they are used as reported.
    /// </summary>
    public bool RewriteServiceAddressesToDeviceHost { get; init; } = true;

    /// <summary>The local clock (for the clock offset and the UsernameToken's Created).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the timeout must be positive");
        if (MaxResponseBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "at least 1024 bytes");
    }
}
