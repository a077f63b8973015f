namespace VmsServices.Recording.Association;

/// <summary>
/// Settings of the association table and of serving through it, read from the "Recording" section
/// next to <see cref="RecordingSettings"/> (e.g. <c>--Recording:AssociationResyncInterval=00:01:00</c>).
/// </summary>
public sealed class AssociationSettings
{
    /// <summary>Background resynchronization with every peer the copy names (seed 000 [0078]); heals lost events.</summary>
    public TimeSpan AssociationResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Connecting to a peer (segment lists and proxied segments).</summary>
    public TimeSpan PeerConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A peer's answer must start (headers) within this, for a list page or a proxied segment.</summary>
    public TimeSpan PeerResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound of a whole proxied transfer or list page (a stalled peer cannot hold a request forever).</summary>
    public TimeSpan PeerTransferTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
