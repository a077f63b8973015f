using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using VmsServices.SimCamera.Discovery;
using VmsServices.SimCamera.Onvif;
using VmsServices.SimCamera.Rtp;
using VmsServices.SimCamera.Rtsp;
using VmsServices.SimCamera.Source;
using VmsServices.SimCamera.Streaming;

namespace VmsServices.SimCamera;

/// <summary>
/// An RTSP server (RFC 2326, RTP over the RTSP connection only) exposing <c>/cam1</c> .. <c>/camN</c>, each a live
/// H.264 stream looping a pre-packetized elementary stream. Optionally each mount is also an ONVIF device
/// (<see cref="SimulatedCameraOptions.OnvifPort"/>) that WS-Discovery finds (<see cref="SimulatedCameraOptions.DiscoveryEndpoint"/>).
/// Host it in-process:
/// <code>
/// await using var cams = await SimulatedCameraServer.StartAsync(new() { Port = 0, Cameras = 2, OnvifPort = 0 });
/// var url = cams.GetUrl(1);                  // rtsp://127.0.0.1:PORT/cam1
/// var onvif = cams.GetDeviceServiceUrl(1);   // http://127.0.0.1:ONVIFPORT/onvif/cam1/device_service
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
    private OnvifDevices? _onvif;
    private DiscoveryResponder? _discovery;
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

    /// <summary>The ONVIF HTTP port, or null when <see cref="SimulatedCameraOptions.OnvifPort"/> is null.</summary>
    public int? OnvifPort => _onvif?.Port;
    /// <summary>Where the WS-Discovery responder listens, or null when discovery is off.</summary>
    public IPEndPoint? DiscoveryEndpoint => _discovery?.LocalEndpoint;

    /// <summary>Loads (and caches) the media, binds the listener and starts accepting clients; then the ONVIF
    /// services and the discovery responder when configured (the responder says Hello last, once all is up).</summary>
    public static async Task<SimulatedCameraServer> StartAsync(SimulatedCameraOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        cancellationToken.ThrowIfCancellationRequested();
        var loop = LoadLoop(options);
        var server = new SimulatedCameraServer(options, loop);
        try
        {
            server._listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            server._listener.Start(backlog: 1024);
            server.Port = ((IPEndPoint)server._listener.LocalEndpoint).Port;
            server._acceptLoop = Task.Run(server.AcceptLoopAsync);
            options.Log?.Invoke($"SimCamera listening on rtsp://{FormatHost(options.BindAddress)}:{server.Port}/cam1 .. /cam{options.Cameras} " +
                                $"({loop.FrameCount} frames @ {loop.FramesPerSecond} fps, {loop.PacketsPerLoop} packets per loop)");
            if (options.OnvifPort is not null)
                server._onvif = await OnvifDevices.StartAsync(options, loop, server.Port, cancellationToken).ConfigureAwait(false);
            if (options.DiscoveryEndpoint is { } discovery)
                server._discovery = await DiscoveryResponder.StartAsync(discovery, options.DiscoveryMulticast, options.AnnounceTo,
                    server._onvif!.Cameras, options.TimeProvider, options.Log).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return server;
    }

    private static void Validate(SimulatedCameraOptions options)
    {
        if (options.Cameras < 1) throw new ArgumentOutOfRangeException(nameof(options), "At least one camera is needed.");
        if (options.OnvifPort is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), "OnvifPort must be 0..65535 (or null for no ONVIF).");
        if (options.DiscoveryEndpoint is not null && options.OnvifPort is null)
            throw new ArgumentException("DiscoveryEndpoint needs OnvifPort: discovery answers point at the ONVIF device services.", nameof(options));
        if (options.AnnounceTo is not null && options.DiscoveryEndpoint is null)
            throw new ArgumentException("AnnounceTo needs DiscoveryEndpoint: Hello and Bye are sent from the discovery socket.", nameof(options));
        if (options.DiscoveryMulticast && options.DiscoveryEndpoint is null)
            throw new ArgumentException("DiscoveryMulticast needs DiscoveryEndpoint.", nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.IdentitySeed, nameof(options.IdentitySeed));
    }

    /// <summary>URL of camera <paramref name="camera"/> (1-based), optionally with credentials and a query (e.g. "drop-after=5").</summary>
    public string GetUrl(int camera, string? user = null, string? password = null, string? query = null)
    {
        var credentials = user is null ? "" : $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password ?? "")}@";
        var q = string.IsNullOrEmpty(query) ? "" : "?" + query.TrimStart('?');
        return $"rtsp://{credentials}{FormatHost(_options.BindAddress)}:{Port}/cam{camera}{q}";
    }

    /// <summary>ONVIF device service URL of camera <paramref name="camera"/> (1-based): what discovery puts in XAddrs.</summary>
    public string GetDeviceServiceUrl(int camera) => OnvifCamera(camera).Addresses.DeviceService;

    /// <summary>WS-Discovery EndpointReference address (<c>urn:uuid:…</c>) of camera <paramref name="camera"/>; stable
    /// for a given <see cref="SimulatedCameraOptions.IdentitySeed"/>.</summary>
    public string GetEndpointReference(int camera) => OnvifCamera(camera).Identity.EndpointReference;

    /// <summary>Serial number camera <paramref name="camera"/> reports in GetDeviceInformation.</summary>
    public string GetSerialNumber(int camera) => OnvifCamera(camera).Identity.SerialNumber;

    private OnvifCamera OnvifCamera(int camera)
    {
        var cameras = _onvif?.Cameras ?? throw new InvalidOperationException("ONVIF is off: set SimulatedCameraOptions.OnvifPort.");
        if (camera < 1 || camera > cameras.Count) throw new ArgumentOutOfRangeException(nameof(camera), camera, $"Cameras are 1..{cameras.Count}.");
        return cameras[camera - 1];
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

    /// <summary>The host part of the URLs handed out: the bound address, or loopback when bound to a wildcard.</summary>
    internal static string FormatHost(IPAddress address) =>
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

    /// <summary>Says Bye and stops discovery, stops the ONVIF services, then stops accepting, closes every RTSP
    /// connection and stops the mounts' stream loops.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        if (_discovery is not null) await _discovery.DisposeAsync().ConfigureAwait(false);
        if (_onvif is not null) await _onvif.DisposeAsync().ConfigureAwait(false);
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
