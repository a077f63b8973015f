using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace VmsServices.SimCamera.Tests;

/// <summary>Minimal RTSP-over-TCP client for tests: sends requests, reads responses and interleaved frames.</summary>
internal sealed class TestRtspClient : IDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _count;
    private int _cseq;

    public static async Task<TestRtspClient> ConnectAsync(int port)
    {
        var client = new TestRtspClient();
        await client._tcp.ConnectAsync("127.0.0.1", port);
        client._stream = client._tcp.GetStream();
        return client;
    }

    public Socket Socket => _tcp.Client;
    public List<(int Channel, byte[] Data)> Frames { get; } = new();
    /// <summary>Bytes between interleaved frames that were not a '$' frame start (skipped by <see cref="ReadFramesAsync"/>).</summary>
    public int GarbageBytes { get; private set; }

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task<Response> RequestAsync(string method, string uri, params string[] headers)
    {
        var sb = new StringBuilder($"{method} {uri} RTSP/1.0\r\nCSeq: {++_cseq}\r\n");
        foreach (var h in headers) sb.Append(h).Append("\r\n");
        sb.Append("\r\n");
        await SendRawAsync(sb.ToString());
        return await ReadResponseAsync();
    }

    /// <summary>Reads until a response arrives; interleaved frames seen meanwhile go to <see cref="Frames"/>.</summary>
    public async Task<Response> ReadResponseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            while (_count > 0 && _buffer[0] == '$')
            {
                if (!TryTakeFrame()) break;
            }
            if (_count > 0 && _buffer[0] != '$')
            {
                var text = Encoding.Latin1.GetString(_buffer, 0, _count);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    var head = text[..end];
                    var lines = head.Split("\r\n");
                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var line in lines.Skip(1))
                    {
                        var colon = line.IndexOf(':');
                        if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                    var length = headers.TryGetValue("Content-Length", out var l) ? int.Parse(l) : 0;
                    if (_count >= end + 4 + length)
                    {
                        var body = Encoding.Latin1.GetString(_buffer, end + 4, length);
                        Consume(end + 4 + length);
                        return new Response(int.Parse(lines[0].Split(' ')[1]), headers, body);
                    }
                }
            }
            if (!await FillAsync(cts.Token)) throw new IOException("connection closed by the server");
        }
    }

    /// <summary>Reads interleaved frames for <paramref name="duration"/> (or until the server closes).</summary>
    public async Task<bool> ReadFramesAsync(TimeSpan duration)
    {
        using var cts = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                while (_count > 0)
                {
                    if (_buffer[0] != '$') { GarbageBytes++; Consume(1); continue; }
                    if (!TryTakeFrame()) break;
                }
                if (!await FillAsync(cts.Token)) return false; // closed
            }
        }
        catch (OperationCanceledException) { return true; }
        catch (IOException) { return false; }
    }

    private bool TryTakeFrame()
    {
        if (_count < 4) return false;
        var length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(2));
        if (_count < 4 + length) return false;
        Frames.Add((_buffer[1], _buffer.AsSpan(4, length).ToArray()));
        Consume(4 + length);
        return true;
    }

    private async Task<bool> FillAsync(CancellationToken token)
    {
        var read = await _stream.ReadAsync(_buffer.AsMemory(_count), token);
        if (read == 0) return false;
        _count += read;
        return true;
    }

    private void Consume(int n)
    {
        Buffer.BlockCopy(_buffer, n, _buffer, 0, _count - n);
        _count -= n;
    }

    public void Dispose() => _tcp.Dispose();

    public sealed record Response(int Status, Dictionary<string, string> Headers, string Body)
    {
        public string? this[string name] => Headers.TryGetValue(name, out var v) ? v : null;
    }
}
