using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VmsServices.Media.Rtsp;

namespace VmsServices.Media.Tests.Rtsp;

/// <summary>
/// A minimal in-test RTSP camera on 127.0.0.1: OPTIONS, DESCRIBE (optionally Digest-protected),
/// SETUP, PLAY, GET_PARAMETER, TEARDOWN. After PLAY, <see cref="OnPlay"/> writes the media stream.
/// </summary>
internal sealed class FakeRtspServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = new();

    public FakeRtspServer()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Url => $"rtsp://127.0.0.1:{Port}/live";
    public string? User { get; init; }
    public string? Password { get; init; }
    public string? RedirectTo { get; init; }
    public string Sdp { get; init; } = "v=0\r\ns=fake\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n";
    public Func<Func<byte[], Task>, CancellationToken, Task>? OnPlay { get; init; }
    /// <summary>"METHOD uri" plus "+auth" when an Authorization header was sent.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_cts.Token);
                lock (_connections)
                    _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception) when (_cts.IsCancellationRequested)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using TcpClient owned = client;
        NetworkStream stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writeLock = new SemaphoreSlim(1, 1);
        async Task Write(byte[] data)
        {
            await writeLock.WaitAsync(_cts.Token);
            try { await stream.WriteAsync(data, _cts.Token); }
            finally { writeLock.Release(); }
        }
        try
        {
            while (!_cts.IsCancellationRequested)
            {
                string? requestLine = await reader.ReadLineAsync(_cts.Token);
                if (requestLine is null)
                    return;
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (string? l = await reader.ReadLineAsync(_cts.Token); !string.IsNullOrEmpty(l); l = await reader.ReadLineAsync(_cts.Token))
                    headers[l[..l.IndexOf(':')]] = l[(l.IndexOf(':') + 1)..].Trim();
                string[] parts = requestLine.Split(' ');
                string method = parts[0], uri = parts[1];
                Requests.Enqueue($"{method} {uri}" + (headers.ContainsKey("Authorization") ? " +auth" : ""));
                string cseq = headers.GetValueOrDefault("CSeq", "0");
                string response = Respond(method, uri, headers, cseq);
                await Write(Encoding.ASCII.GetBytes(response));
                if (method == "PLAY" && response.StartsWith("RTSP/1.0 200") && OnPlay is not null)
                    _ = Task.Run(() => OnPlay(Write, _cts.Token));
                if (method == "TEARDOWN")
                    return;
            }
        }
        catch (Exception)
        {
            // client went away
        }
    }

    private string Respond(string method, string uri, Dictionary<string, string> headers, string cseq)
    {
        string Ok(string extra = "", string body = "") =>
            $"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n{extra}" + (body.Length > 0 ? $"Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\n" : "") + "\r\n" + body;

        if (RedirectTo is not null && method is "OPTIONS" or "DESCRIBE")
            return $"RTSP/1.0 302 Moved\r\nCSeq: {cseq}\r\nLocation: {RedirectTo}\r\n\r\n";
        if (User is not null && method != "OPTIONS" && !IsAuthorized(method, headers))
            return $"RTSP/1.0 401 Unauthorized\r\nCSeq: {cseq}\r\nWWW-Authenticate: Digest realm=\"FakeCam\", nonce=\"0a1b2c3d\", qop=\"auth\"\r\n\r\n";
        return method switch
        {
            "OPTIONS" => Ok("Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER\r\n"),
            "DESCRIBE" => Ok($"Content-Type: application/sdp\r\nContent-Base: {Url}/\r\n", Sdp),
            "SETUP" => Ok($"Session: 4711;timeout=60\r\nTransport: {headers.GetValueOrDefault("Transport")}\r\n"),
            "PLAY" or "GET_PARAMETER" or "TEARDOWN" => Ok("Session: 4711\r\n"),
            _ => $"RTSP/1.0 501 Not Implemented\r\nCSeq: {cseq}\r\n\r\n",
        };
    }

    private bool IsAuthorized(string method, Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Authorization", out string? value) || !value.StartsWith("Digest "))
            return false;
        var f = RtspAuthenticator.ParseParameters(value["Digest ".Length..]);
        string expected = RtspAuthenticator.ComputeDigestResponse("MD5", User!, "FakeCam", Password!, "0a1b2c3d",
            method, f.GetValueOrDefault("uri", ""), f.GetValueOrDefault("qop"), f.GetValueOrDefault("nc"), f.GetValueOrDefault("cnonce"));
        return f.GetValueOrDefault("username") == User && f.GetValueOrDefault("response") == expected;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _cts.Cancel();
        _listener.Stop();
        await _acceptLoop;
        Task[] all;
        lock (_connections)
            all = _connections.ToArray();
        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
