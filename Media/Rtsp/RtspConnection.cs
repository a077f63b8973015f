using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;

namespace VmsServices.Media.Rtsp;

/// <summary>
/// One RTSP control connection (RFC 2326 §10 requests over TCP) that also carries interleaved
/// RTP (§10.12). Writes are serialised; reading happens from one place at a time (the handshake,
/// then <see cref="RtspSession.RunAsync"/>). Failures surface as <see cref="RtspException"/>s.
/// </summary>
internal sealed class RtspConnection : IAsyncDisposable
{
    /// <summary>
    /// Bytes one receive asks for: above <see cref="ReceiveBatcher.MaxLowWaterBytes"/>, so a batched
    /// wake-up is read whole. Pooled buffers of this size are only held while a read is pending.
    /// </summary>
    public const int ReadBufferBytes = 128 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RtspSessionOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _cseq;

    private RtspConnection(Socket socket, RtspSessionOptions options, RtspAuthenticator auth)
    {
        _socket = socket;
        _options = options;
        Auth = auth;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, leaveOpen: true));
    }

    public PipeReader Reader { get; }
    public RtspAuthenticator Auth { get; }
    /// <summary>Session identifier from the first SETUP response (§12.37), sent with later requests.</summary>
    public string? SessionId { get; set; }

    public static async Task<RtspConnection> OpenAsync(RtspUrl url, RtspSessionOptions options, RtspAuthenticator auth, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(url.Host, url.Port, timeout.Token).ConfigureAwait(false);
            return new RtspConnection(socket, options, auth);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new RtspTimeoutException(RtspTimeoutKind.Connect, $"Connecting to {url.Host}:{url.Port} timed out");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RtspConnectionException($"Cannot connect to {url.Host}:{url.Port}: {e.SocketErrorCode}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a request and waits for its response; on 401 adopts the challenge and retries once
    /// (RFC 2617 §3.2.1). A second 401 or an unusable challenge throws <see cref="RtspAuthenticationException"/>.
    /// </summary>
    public async Task<RtspResponse> RequestAsync(string method, string uri, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken ct)
    {
        int cseq = await WriteRequestAsync(method, uri, headers, ct).ConfigureAwait(false);
        RtspResponse response = await ReadResponseAsync(cseq, method, ct).ConfigureAwait(false);
        if (response.StatusCode != 401)
            return response;

        // Retry once with the new challenge (a first challenge, or a stale nonce).
        if (!Auth.TryAcceptChallenge(response.GetHeaders("WWW-Authenticate")))
            throw new RtspAuthenticationException(method, response.StatusCode,
                Auth.HasCredentials ? "no supported authentication challenge" : "credentials required");
        cseq = await WriteRequestAsync(method, uri, headers, ct).ConfigureAwait(false);
        response = await ReadResponseAsync(cseq, method, ct).ConfigureAwait(false);
        if (response.StatusCode == 401)
            throw new RtspAuthenticationException(method, response.StatusCode, response.ReasonPhrase);
        return response;
    }

    /// <summary>Writes one request (§6) and returns its CSeq; does not wait for the response.</summary>
    public async Task<int> WriteRequestAsync(string method, string uri, IEnumerable<KeyValuePair<string, string>>? headers, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            int cseq = ++_cseq;
            var sb = new StringBuilder(256);
            sb.Append(method).Append(' ').Append(uri).Append(" RTSP/1.0\r\n");
            sb.Append("CSeq: ").Append(cseq).Append("\r\n");
            sb.Append("User-Agent: ").Append(_options.UserAgent).Append("\r\n");
            if (Auth.GetAuthorization(method, uri) is { } authorization)
                sb.Append("Authorization: ").Append(authorization).Append("\r\n");
            if (SessionId is not null)
                sb.Append("Session: ").Append(SessionId).Append("\r\n");
            if (headers is not null)
                foreach (KeyValuePair<string, string> h in headers)
                    sb.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
            sb.Append("\r\n");
            byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.ResponseTimeout);
            await _stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
            return cseq;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RtspTimeoutException(RtspTimeoutKind.Response, $"Sending {method} timed out");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new RtspConnectionException($"Sending {method} failed: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads until the response with <paramref name="cseq"/> arrives, discarding interleaved
    /// frames and unrelated responses on the way.
    /// </summary>
    public async Task<RtspResponse> ReadResponseAsync(int cseq, string method, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ResponseTimeout);
        try
        {
            while (true)
            {
                ReadResult result = await Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                RtspResponse? match = null;
                try
                {
                    while (match is null)
                    {
                        RtspFrameKind kind = RtspFramer.TryReadNext(ref buffer, _options.Limits, out _, out _, out RtspResponse? response);
                        if (kind == RtspFrameKind.NeedMoreData)
                            break;
                        if (kind == RtspFrameKind.Response && (response!.CSeq == cseq || response.CSeq < 0))
                            match = response;
                    }
                }
                finally
                {
                    Reader.AdvanceTo(buffer.Start, buffer.End);
                }
                if (match is not null)
                    return match;
                if (result.IsCompleted)
                    throw new RtspConnectionException($"Connection closed while waiting for the {method} response");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RtspTimeoutException(RtspTimeoutKind.Response, $"No response to {method} within {_options.ResponseTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new RtspConnectionException($"Reading the {method} response failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Sets SO_RCVLOWAT: the socket reports readable only once this many bytes are queued (or on
    /// end of stream / error), so a read picks up several camera writes at once. Best effort:
    /// false where the platform does not support it (Windows), and the caller stops trying.
    /// </summary>
    public bool TrySetReceiveLowWater(int bytes)
    {
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, Math.Max(1, bytes));
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // best effort
        }
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // already closed
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }
}
