using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using VmsServices.SimCamera.Rtp;
using VmsServices.SimCamera.Rtsp;
using VmsServices.SimCamera.Source;
using VmsServices.SimCamera.Streaming;

namespace VmsServices.SimCamera;

/// <summary>
/// An RTSP server (RFC 2326, RTP over the RTSP connection only) exposing <c>/cam1</c> .. <c>/camN</c>, each a live
/// H.264 stream looping a pre-packetized elementary stream. Host it in-process:
/// <code>
/// await using var cams = await SimulatedCameraServer.StartAsync(new() { Port = 0, Cameras = 2 });
/// var url = cams.GetUrl(1); // rtsp://127.0.0.1:PORT/cam1
/// </code>
/// </summary>
public sealed class SimulatedCameraServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<(string Source, double Fps, int Mtu), Lazy<PacketizedLoop>> LoopCache = new();

    private readonly SimulatedCameraOptions _options;
    private readonly TcpListener _listener;
    private readonly Dictionary<string, Mount> _mounts;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<RtspConnection, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    private SimulatedCameraServer(SimulatedCameraOptions options, PacketizedLoop loop)
    {
        _options = options;
        _listener = new TcpListener(options.BindAddress, options.Port);
        _mounts = new Dictionary<string, Mount>(StringComparer.Ordinal);
        for (var i = 1; i <= options.Cameras; i++)
            _mounts["cam" + i] = new Mount("cam" + i, loop, options);
        Loop = loop;
    }

    /// <summary>The TCP port actually listened on (useful with <see cref="SimulatedCameraOptions.Port"/> = 0).</summary>
    public int Port { get; private set; }
    public IPAddress Address => _options.BindAddress;
    public int Cameras => _mounts.Count;
    /// <summary>The packetized loop every mount serves.</summary>
    public PacketizedLoop Loop { get; }
    /// <summary>Number of currently open RTSP connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Loads (and caches) the media, binds the listener and starts accepting clients.</summary>
    public static Task<SimulatedCameraServer> StartAsync(SimulatedCameraOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cameras < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one camera is needed.");
        cancellationToken.ThrowIfCancellationRequested();
        var loop = LoadLoop(options);
        var server = new SimulatedCameraServer(options, loop);
        try
        {
            server._listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            server._listener.Start(backlog: 1024);
        }
        catch
        {
            _ = server.DisposeAsync().AsTask();
            throw;
        }
        server.Port = ((IPEndPoint)server._listener.LocalEndpoint).Port;
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        options.Log?.Invoke($"SimCamera listening on rtsp://{FormatHost(options.BindAddress)}:{server.Port}/cam1 .. /cam{options.Cameras} " +
                            $"({loop.FrameCount} frames @ {loop.FramesPerSecond} fps, {loop.PacketsPerLoop} packets per loop)");
        return Task.FromResult(server);
    }

    /// <summary>URL of camera <paramref name="camera"/> (1-based), optionally with credentials and a query (e.g. "drop-after=5").</summary>
    public string GetUrl(int camera, string? user = null, string? password = null, string? query = null)
    {
        var credentials = user is null ? "" : $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password ?? "")}@";
        var q = string.IsNullOrEmpty(query) ? "" : "?" + query.TrimStart('?');
        return $"rtsp://{credentials}{FormatHost(_options.BindAddress)}:{Port}/cam{camera}{q}";
    }

    /// <summary>Number of clients currently playing camera <paramref name="camera"/>.</summary>
    public int ClientCount(int camera) => _mounts.TryGetValue("cam" + camera, out var m) ? m.ClientCount : 0;

    internal Mount? FindMount(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Length > 2) return null;
        if (segments.Length == 2 && segments[1] != Sdp.TrackControl) return null;
        return _mounts.GetValueOrDefault(segments[0]);
    }

    private static PacketizedLoop LoadLoop(SimulatedCameraOptions options)
    {
        var source = options.FilePath is null ? "embedded:" + options.EmbeddedMedia : Path.GetFullPath(options.FilePath);
        var lazy = LoopCache.GetOrAdd((source, options.FramesPerSecond, options.MaxRtpPayload), key => new Lazy<PacketizedLoop>(() =>
        {
            var h264 = options.FilePath is null
                ? H264Loop.LoadEmbedded(options.EmbeddedMedia, key.Fps)
                : H264Loop.LoadFile(key.Source, key.Fps);
            return new PacketizedLoop(h264, new H264Packetizer(key.Mtu));
        }));
        try
        {
            return lazy.Value;
        }
        catch
        {
            LoopCache.TryRemove(new KeyValuePair<(string, double, int), Lazy<PacketizedLoop>>((source, options.FramesPerSecond, options.MaxRtpPayload), lazy));
            throw;
        }
    }

    private static string FormatHost(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "127.0.0.1" :
        address.Equals(IPAddress.IPv6Any) ? "[::1]" :
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex)
            {
                if (token.IsCancellationRequested) break;
                _options.Log?.Invoke($"accept failed: {ex.Message}");
                continue;
            }
            try
            {
                socket.NoDelay = true;
                socket.SendBufferSize = 256 * 1024;
            }
            catch (SocketException) { }
            var connection = new RtspConnection(socket, this, _options, token);
            var run = Task.Run(connection.RunAsync);
            _connections[connection] = run;
            _ = run.ContinueWith(_ => _connections.TryRemove(connection, out var _), TaskScheduler.Default);
        }
    }

    /// <summary>Stops accepting, closes every connection and stops the mounts' stream loops.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _stopping.Cancel();
        try { _listener.Stop(); } catch { }
        try { await _acceptLoop.ConfigureAwait(false); } catch { }
        foreach (var connection in _connections.Keys) connection.Abort("server stopping");
        try { await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); } catch { }
        foreach (var mount in _mounts.Values) await mount.DisposeAsync().ConfigureAwait(false);
        _options.Log?.Invoke("SimCamera stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
