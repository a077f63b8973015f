namespace VmsServices.Media.Rtsp;

/// <summary>Settings of one camera session. Credentials default to the URL's userinfo.</summary>
public sealed class RtspSessionOptions
{
    /// <summary>rtsp://[user[:password]@]host[:port]/path (RFC 2326 §3.2); port defaults to 554.</summary>
    public required string Url { get; init; }
    /// <summary>Overrides the user name of the URL userinfo.</summary>
    public string? UserName { get; init; }
    /// <summary>Overrides the password of the URL userinfo.</summary>
    public string? Password { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long to wait for the response to a request.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>No RTP packet for this long ends <see cref="RtspSession.RunAsync"/> with a timeout.</summary>
    public TimeSpan DataStallTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// While streaming, wake the reader about this often rather than at every camera write (see
    /// <see cref="ReceiveBatcher"/>): fewer, larger reads for at most this much added delay. Zero (the
    /// default) reads every write as it arrives; a recorder, whose output is cut per segment anyway, batches.
    /// </summary>
    public TimeSpan ReceiveBatchInterval { get; init; }
    /// <summary>Keep-alive period; null means half the Session header timeout (default timeout 60 s).</summary>
    public TimeSpan? KeepAliveInterval { get; init; }
    /// <summary>Maximum number of 3xx redirects followed (RFC 2326 §11.3).</summary>
    public int MaxRedirects { get; init; } = 3;
    public string UserAgent { get; init; } = "VmsServices-Recorder/1.0";
    public RtspFramerLimits Limits { get; init; } = RtspFramerLimits.Default;
}
