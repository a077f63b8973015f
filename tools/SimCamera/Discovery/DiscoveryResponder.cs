using System.Net;
using System.Net.Sockets;
using VmsServices.SimCamera.Onvif;

namespace VmsServices.SimCamera.Discovery;

/// <summary>
/// The WS-Discovery target service of the simulated devices (ONVIF Core 7.3). It answers every Probe that matches
/// with one ProbeMatches message per device, sent by unicast to the probe's source address and port (as ONVIF
/// requires) without the random multicast delay; it ignores every other datagram. It announces each device with a
/// Hello when it starts and a Bye when it stops, to a unicast endpoint only: nothing here ever sends to a multicast
/// group. It does not answer Resolve (the capabilities say DiscoveryResolve=false).
/// </summary>
internal sealed class DiscoveryResponder : IAsyncDisposable
{
    /// <summary>The WS-Discovery IPv4 multicast group (SOAP-over-UDP, port 3702).</summary>
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");
    private const int MaxDatagramBytes = 65_535;

    private readonly Socket _socket;
    private readonly IReadOnlyList<OnvifCamera> _cameras;
    private readonly IPEndPoint? _announceTo;
    private readonly AppSequence _sequence;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _stopped;

    private DiscoveryResponder(Socket socket, IReadOnlyList<OnvifCamera> cameras, IPEndPoint? announceTo, TimeProvider clock, Action<string>? log)
    {
        _socket = socket;
        _cameras = cameras;
        _announceTo = announceTo;
        _sequence = new AppSequence(clock.GetUtcNow());
        _log = log;
        LocalEndpoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndpoint { get; }

    /// <summary>
    /// Binds <paramref name="endpoint"/> and starts answering. With <paramref name="joinMulticast"/> the socket binds
    /// the wildcard address on that port instead (Linux delivers group datagrams only to sockets bound to the wildcard
    /// or the group) and joins 239.255.255.250 on the interface of <paramref name="endpoint"/>'s address: meant only
    /// for tests inside a private network namespace.
    /// </summary>
    public static async Task<DiscoveryResponder> StartAsync(IPEndPoint endpoint, bool joinMulticast, IPEndPoint? announceTo,
        IReadOnlyList<OnvifCamera> cameras, TimeProvider clock, Action<string>? log)
    {
        if (joinMulticast && endpoint.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException("Multicast discovery is IPv4 only (239.255.255.250).", nameof(endpoint));
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        DiscoveryResponder? responder = null;
        try
        {
            if (joinMulticast)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(IPAddress.Any, endpoint.Port));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(MulticastGroup, endpoint.Address));
            }
            else
            {
                socket.Bind(endpoint);
            }
            responder = new DiscoveryResponder(socket, cameras, announceTo, clock, log);
            responder._receiveLoop = Task.Run(responder.ReceiveLoopAsync);
            log?.Invoke($"WS-Discovery responder on {responder.LocalEndpoint}" + (joinMulticast ? $", joined {MulticastGroup} on {endpoint.Address}" : ""));
            await responder.AnnounceAsync(DiscoveryMessages.Hello).ConfigureAwait(false);
            return responder;
        }
        catch
        {
            if (responder is not null) await responder.DisposeAsync().ConfigureAwait(false);
            else socket.Dispose();
            throw;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagramBytes];
        var token = _stopping.Token;
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex)
            {
                // e.g. an ICMP port-unreachable for an earlier reply, reported on the next receive (Windows).
                if (token.IsCancellationRequested) break;
                _log?.Invoke($"WS-Discovery receive: {ex.SocketErrorCode}");
                continue;
            }
            if (received.RemoteEndPoint is not IPEndPoint source || source.Port == 0) continue;
            try
            {
                await AnswerAsync(buffer, received.ReceivedBytes, source).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Whatever a datagram does, the responder keeps answering the next one.
                _log?.Invoke($"WS-Discovery: datagram from {source} not handled: {ex.Message}");
            }
        }
    }

    private async Task AnswerAsync(byte[] datagram, int length, IPEndPoint source)
    {
        if (!ProbeMessage.TryParse(datagram, length, out var probe)) return; // garbage, Hello, Resolve...
        foreach (var camera in _cameras)
        {
            if (ProbeMatcher.Matches(probe, camera.Scopes))
                await SendAsync(DiscoveryMessages.ProbeMatches(camera, probe.MessageId, _sequence), source).ConfigureAwait(false);
        }
    }

    private async Task AnnounceAsync(Func<OnvifCamera, AppSequence, byte[]> message)
    {
        if (_announceTo is null) return;
        foreach (var camera in _cameras) await SendAsync(message(camera, _sequence), _announceTo).ConfigureAwait(false);
    }

    private async Task SendAsync(byte[] datagram, IPEndPoint to)
    {
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, to).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            _log?.Invoke($"WS-Discovery send to {to}: {ex.SocketErrorCode}");
        }
        catch (ObjectDisposedException)
        {
            // stopping while a reply was due
        }
    }

    /// <summary>Says Bye for every device, then stops answering and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await AnnounceAsync(DiscoveryMessages.Bye).ConfigureAwait(false);
        _stopping.Cancel();
        _socket.Dispose();
        try { await _receiveLoop.ConfigureAwait(false); } catch { /* the loop ends on the closed socket */ }
        _stopping.Dispose();
    }
}
