namespace VmsServices.Media.Rtsp;

/// <summary>
/// Session keep-alive (RFC 2326 §12.37: the server may drop a session idle longer than its
/// timeout) and the data-stall watchdog, both running beside <see cref="RtspSession.RunAsync"/>.
/// </summary>
public sealed partial class RtspSession
{
    private long _lastMediaTicks;
    private volatile bool _useGetParameter;
    private int _keepAliveKick;
    private int _keepAliveCSeq = -1;
    private int _keepAliveAuthRetries;

    private TimeSpan KeepAliveInterval
    {
        get
        {
            TimeSpan interval = _options.KeepAliveInterval ?? _handshake.SessionTimeout / 2;
            return interval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : interval;
        }
    }

    private async Task MonitorAsync(CancellationToken token)
    {
        long stallMs = (long)_options.DataStallTimeout.TotalMilliseconds;
        long intervalMs = (long)KeepAliveInterval.TotalMilliseconds;
        // Media later than a few batch intervals: the stream slowed down below the receive low-water mark.
        long relaxMs = Math.Max(1000, 4 * (long)_options.ReceiveBatchInterval.TotalMilliseconds);
        long nextKeepAlive = Environment.TickCount64 + intervalMs;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(stallMs / 4, 20, 500));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                long sinceMedia = now - Volatile.Read(ref _lastMediaTicks);
                if (sinceMedia > relaxMs)
                    _batcher.Relax();
                if (sinceMedia > stallMs)
                {
                    Fail(new RtspTimeoutException(RtspTimeoutKind.DataStall,
                        $"No media received for {_options.DataStallTimeout.TotalSeconds:0.#} s"));
                    return;
                }
                if (now >= nextKeepAlive || Interlocked.Exchange(ref _keepAliveKick, 0) == 1)
                {
                    nextKeepAlive = now + intervalMs;
                    string method = _useGetParameter ? "GET_PARAMETER" : "OPTIONS";
                    int cseq = await _handshake.Connection.WriteRequestAsync(method, _handshake.AggregateUrl, null, token)
                        .ConfigureAwait(false);
                    Volatile.Write(ref _keepAliveCSeq, cseq);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // run ended
        }
        catch (RtspException e)
        {
            Fail(e);
        }
    }

    /// <summary>Responses seen while streaming: only keep-alive answers are expected.</summary>
    private void OnResponse(RtspResponse response)
    {
        if (response.CSeq != Volatile.Read(ref _keepAliveCSeq))
            return;
        string method = _useGetParameter ? "GET_PARAMETER" : "OPTIONS";
        switch (response.StatusCode)
        {
            case >= 200 and < 300:
                _keepAliveAuthRetries = 0;
                break;
            case 401:
                // Nonce expired or per-request auth: adopt the new challenge and retry once at once.
                if (++_keepAliveAuthRetries > 1 || !_handshake.Connection.Auth.TryAcceptChallenge(response.GetHeaders("WWW-Authenticate")))
                    Fail(new RtspAuthenticationException(method, response.StatusCode, response.ReasonPhrase));
                else
                    Interlocked.Exchange(ref _keepAliveKick, 1);
                break;
            case 454: // Session Not Found (§11.3.9): the camera dropped us
                Fail(new RtspResponseException(method, response.StatusCode, response.ReasonPhrase));
                break;
            default:
                // 400/405/451/501...: GET_PARAMETER unsupported, fall back to OPTIONS (§10.1).
                if (_useGetParameter)
                {
                    _useGetParameter = false;
                    Interlocked.Exchange(ref _keepAliveKick, 1);
                }
                break;
        }
    }
}
