using System.Globalization;
using System.Net.Sockets;
using System.Text;
using VmsServices.SimCamera.Streaming;

namespace VmsServices.SimCamera.Rtsp;

/// <summary>One client TCP connection: reads requests (and the client's interleaved RTCP), answers them, and
/// streams RTP interleaved once PLAY is received. Everything outgoing goes through one <see cref="ClientSink"/>.</summary>
internal sealed class RtspConnection
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN";
    private const string ServerName = "VmsServices-SimCamera/1.0";

    private readonly Socket _socket;
    private readonly SimulatedCameraServer _server;
    private readonly SimulatedCameraOptions _options;
    private readonly CancellationTokenSource _cts;
    private readonly ClientSink _sink;
    private readonly DigestAuthenticator? _auth;
    private readonly string _remote;
    private int _aborted;

    private string? _sessionId;
    private Mount? _mount;
    private string? _setupUri;
    private bool _playing;
    private TimeSpan? _dropAfter;

    public RtspConnection(Socket socket, SimulatedCameraServer server, SimulatedCameraOptions options, CancellationToken serverStopping)
    {
        _socket = socket;
        _server = server;
        _options = options;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        var maxFrames = (int)Math.Ceiling(options.MaxClientLag.TotalSeconds * options.FramesPerSecond);
        _sink = new ClientSink(maxFrames, Abort) { Garbage = options.Garbage };
        _dropAfter = options.DropAfter;
        if (!string.IsNullOrEmpty(options.User) && options.Password is not null)
            _auth = new DigestAuthenticator(options.User, options.Password);
        _remote = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        _options.Log?.Invoke($"{_remote}: closing ({reason})");
        _mount?.RemoveClient(_sink);
        _sink.Complete();
        try { _cts.Cancel(); } catch (ObjectDisposedException) { }
        try { _socket.Dispose(); } catch { /* best effort */ }
    }

    public async Task RunAsync()
    {
        var token = _cts.Token;
        var writer = _sink.RunWriterAsync(_socket, token);
        _ = writer.ContinueWith(t => Abort(t.IsFaulted ? "send failed: " + t.Exception?.GetBaseException().Message : "writer stopped"),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var buffer = new byte[8192];
        var count = 0;
        using var idle = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token);
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= 4 * RtspMessageParser.MaxHeaderBytes + RtspMessageParser.MaxBodyBytes) { Abort("input buffer overflow"); break; }
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                idle.CancelAfter(_options.SessionTimeout);
                int read;
                try
                {
                    read = await _socket.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    Abort("session timeout");
                    break;
                }
                if (read == 0) { Abort("client closed"); break; }
                count += read;

                var offset = 0;
                while (offset < count && Volatile.Read(ref _aborted) == 0)
                {
                    var result = RtspMessageParser.Parse(buffer.AsSpan(offset, count - offset));
                    if (result.Status == RtspParseStatus.NeedMoreData)
                    {
                        offset += result.Consumed;
                        break;
                    }
                    offset += result.Consumed;
                    switch (result.Status)
                    {
                        case RtspParseStatus.Request:
                            Handle(result.Request!);
                            break;
                        case RtspParseStatus.InterleavedFrame:
                            break; // receiver reports: only keep the session alive
                        case RtspParseStatus.Malformed:
                            _options.Log?.Invoke($"{_remote}: bad request: {result.Error}");
                            Respond(400, "Bad Request", result.CSeq);
                            break;
                        case RtspParseStatus.Fatal:
                            _options.Log?.Invoke($"{_remote}: unframeable input: {result.Error}");
                            Respond(400, "Bad Request", result.CSeq, extra: "Connection: close\r\n");
                            _sink.Complete(); // flush the 400, then the writer ends and the connection closes
                            offset = count;
                            break;
                    }
                }
                if (offset > 0)
                {
                    Buffer.BlockCopy(buffer, offset, buffer, 0, count - offset);
                    count -= offset;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Abort("connection lost");
        }
        catch (Exception ex)
        {
            _options.Log?.Invoke($"{_remote}: unexpected error: {ex}");
            Abort("error");
        }
        finally
        {
            if (Volatile.Read(ref _aborted) == 0)
            {
                // Let queued responses go out (e.g. after a fatal 400) before closing.
                try { await writer.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); } catch { }
                Abort("done");
            }
            try { await writer.ConfigureAwait(false); } catch { }
            _cts.Dispose();
        }
    }

    private void Handle(RtspRequest request)
    {
        var cseq = request.CSeq;
        if (_auth is not null && request.Method != "OPTIONS" && !_auth.Validate(request.Method, request.Header("Authorization")))
        {
            Respond(401, "Unauthorized", cseq, $"WWW-Authenticate: {_auth.Challenge}\r\n");
            return;
        }

        Uri? uri = null;
        if (request.Uri != "*" && !Uri.TryCreate(request.Uri, UriKind.Absolute, out uri))
        {
            Respond(400, "Bad Request", cseq);
            return;
        }
        if (uri is not null) ApplyQuery(uri);

        switch (request.Method)
        {
            case "OPTIONS":
                Respond(200, "OK", cseq, $"Public: {PublicMethods}\r\n");
                break;
            case "DESCRIBE":
                Describe(request, uri, cseq);
                break;
            case "SETUP":
                Setup(request, uri, cseq);
                break;
            case "PLAY":
                Play(request, uri, cseq);
                break;
            case "PAUSE":
                if (!CheckSession(request, cseq)) return;
                if (_playing) { _mount!.RemoveClient(_sink); _playing = false; }
                Respond(200, "OK", cseq, SessionHeader());
                break;
            case "GET_PARAMETER":
            case "SET_PARAMETER":
                if (request.Header("Session") is not null && !CheckSession(request, cseq)) return;
                Respond(200, "OK", cseq, _sessionId is null ? "" : SessionHeader());
                break;
            case "TEARDOWN":
                if (request.Header("Session") is not null && !CheckSession(request, cseq)) return;
                if (_mount is not null) _mount.RemoveClient(_sink);
                _playing = false;
                var header = _sessionId is null ? "" : $"Session: {_sessionId}\r\n";
                _sessionId = null;
                _mount = null;
                Respond(200, "OK", cseq, header);
                break;
            default:
                Respond(501, "Not Implemented", cseq, $"Allow: {PublicMethods}\r\n");
                break;
        }
    }

    private void Describe(RtspRequest request, Uri? uri, string? cseq)
    {
        var mount = uri is null ? null : _server.FindMount(uri);
        if (mount is null)
        {
            Respond(404, "Not Found", cseq);
            return;
        }
        var accept = request.Header("Accept");
        if (accept is not null && !accept.Contains("application/sdp", StringComparison.OrdinalIgnoreCase) && !accept.Contains("*/*"))
        {
            Respond(406, "Not Acceptable", cseq);
            return;
        }
        var sdp = Encoding.ASCII.GetBytes(Sdp.Build(mount.Loop, "VmsServices SimCamera " + mount.Name, mount.SessionId));
        var contentBase = $"{uri!.Scheme}://{uri.Authority}/{mount.Name}/";
        Respond(200, "OK", cseq, $"Content-Base: {contentBase}\r\nContent-Type: application/sdp\r\n", sdp);
    }

    private void Setup(RtspRequest request, Uri? uri, string? cseq)
    {
        var mount = uri is null ? null : _server.FindMount(uri);
        if (mount is null)
        {
            Respond(404, "Not Found", cseq);
            return;
        }
        var session = request.Header("Session");
        if (session is not null && (_sessionId is null || SessionIdOf(session) != _sessionId))
        {
            Respond(454, "Session Not Found", cseq);
            return;
        }
        if (_playing && mount != _mount)
        {
            Respond(455, "Method Not Valid in This State", cseq);
            return;
        }
        if (!TransportHeader.TrySelectInterleaved(request.Header("Transport"), out var rtp, out var rtcp))
        {
            Respond(461, "Unsupported Transport", cseq);
            return;
        }
        _sink.RtpChannel = rtp;
        _sink.RtcpChannel = rtcp;
        _mount = mount;
        _setupUri = request.Uri;
        _sessionId ??= Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        Respond(200, "OK", cseq,
            $"Transport: RTP/AVP/TCP;unicast;interleaved={rtp}-{rtcp};ssrc={mount.Ssrc:X8};mode=\"PLAY\"\r\n" + SessionHeader());
    }

    private void Play(RtspRequest request, Uri? uri, string? cseq)
    {
        if (_mount is null || _sessionId is null)
        {
            Respond(455, "Method Not Valid in This State", cseq);
            return;
        }
        if (!CheckSession(request, cseq)) return;
        if (_playing)
        {
            Respond(200, "OK", cseq, "Range: npt=now-\r\n" + SessionHeader());
            return;
        }
        // Queue the response before subscribing so that it precedes the first RTP packet on the wire.
        var mount = _mount;
        var (startFrame, seq, rtptime) = mount.PlanStart();
        Respond(200, "OK", cseq,
            $"Range: npt=now-\r\nRTP-Info: url={_setupUri};seq={seq};rtptime={rtptime}\r\n" + SessionHeader());
        mount.AddClient(_sink, startFrame);
        _playing = true;
        _options.Log?.Invoke($"{_remote}: PLAY {mount.Name}");
        if (_dropAfter is { } after && after > TimeSpan.Zero)
        {
            _ = Task.Delay(after, _cts.Token).ContinueWith(t =>
            {
                if (!t.IsCanceled) Abort($"fault injection: drop after {after.TotalSeconds:0.###} s");
            }, TaskScheduler.Default);
        }
    }

    private bool CheckSession(RtspRequest request, string? cseq)
    {
        var session = request.Header("Session");
        if (_sessionId is null)
        {
            Respond(455, "Method Not Valid in This State", cseq);
            return false;
        }
        if (session is not null && SessionIdOf(session) != _sessionId)
        {
            Respond(454, "Session Not Found", cseq);
            return false;
        }
        return true;
    }

    private static string SessionIdOf(string header) => header.Split(';')[0].Trim();

    private string SessionHeader() => $"Session: {_sessionId};timeout={(int)_options.SessionTimeout.TotalSeconds}\r\n";

    private void ApplyQuery(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.Query)) return;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = (eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key)
            {
                case "drop-after" or "dropafter":
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                        _dropAfter = TimeSpan.FromSeconds(seconds);
                    break;
                case "garbage":
                    _sink.Garbage = value is "" or "1" or "true" or "yes";
                    break;
            }
        }
    }

    private void Respond(int status, string reason, string? cseq, string extraHeaders = "", byte[]? body = null, string extra = "")
    {
        var sb = new StringBuilder(256);
        sb.Append(CultureInfo.InvariantCulture, $"RTSP/1.0 {status} {reason}\r\n");
        if (cseq is not null) sb.Append("CSeq: ").Append(cseq).Append("\r\n");
        sb.Append("Server: ").Append(ServerName).Append("\r\n");
        sb.Append("Date: ").Append(DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append(extraHeaders).Append(extra);
        if (body is not null) sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        sb.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(sb.ToString());
        if (body is null or { Length: 0 })
        {
            _sink.EnqueueRaw(head);
            return;
        }
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message, head.Length);
        _sink.EnqueueRaw(message);
    }
}
