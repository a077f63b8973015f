using System.Net;
using System.Net.Sockets;
using VmsServices.Onvif.Discovery;

namespace VmsServices.Onvif;

/// <summary>
/// Receives the Hello and Bye announcements of devices on a local UDP endpoint. It joins a
/// multicast group only when constructed with one (production: <see cref="Ipv4MulticastGroup"/> on
/// port 3702 with <see cref="IPAddress.Any"/>); otherwise it listens on the unicast endpoint given.
/// Other messages and unreadable datagrams are skipped.
/// </summary>
public sealed class WsDiscoveryListener : IDisposable
{
    /// <summary>The WS-Discovery IPv4 multicast group (SOAP-over-UDP §3.1).</summary>
    public static readonly IPAddress Ipv4MulticastGroup = IPAddress.Parse("239.255.255.250");

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[WsDiscoveryParser.MaxMessageBytes];
    private readonly SemaphoreSlim _receiving = new(1, 1);

    /// <exception cref="OnvifException">Unreachable: the endpoint could not be bound or the group joined.</exception>
    public WsDiscoveryListener(IPEndPoint localEndpoint, IPAddress? multicastGroup = null)
    {
        ArgumentNullException.ThrowIfNull(localEndpoint);
        if (multicastGroup is not null && !IpAddresses.IsMulticast(multicastGroup))
            throw new ArgumentException("not a multicast address", nameof(multicastGroup));
        _socket = new Socket(localEndpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (multicastGroup is not null)
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(localEndpoint);
            if (multicastGroup is not null)
                Join(multicastGroup, localEndpoint.Address);
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new OnvifException(OnvifErrorKind.Unreachable, $"WS-Discovery listener on {localEndpoint}: {e.Message}", e);
        }
        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>The endpoint actually bound (with the port the system chose for port 0).</summary>
    public IPEndPoint LocalEndpoint { get; }

    /// <summary>Waits for the next Hello or Bye. One receive at a time.</summary>
    public async Task<DiscoveryAnnouncement> ReceiveAsync(CancellationToken ct = default)
    {
        await _receiving.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                (DiscoveryMessage message, IPEndPoint sender) = await UdpDatagrams.ReceiveMessageAsync(_socket, _buffer, ct).ConfigureAwait(false);
                DiscoveryAnnouncementKind? kind = message.Kind switch
                {
                    DiscoveryMessageKind.Hello => DiscoveryAnnouncementKind.Hello,
                    DiscoveryMessageKind.Bye => DiscoveryAnnouncementKind.Bye,
                    _ => null,
                };
                if (kind is not null && message.Devices.Count > 0)
                    return new DiscoveryAnnouncement(kind.Value, message.Devices[0], sender);
            }
        }
        finally
        {
            _receiving.Release();
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _receiving.Dispose();
    }

    private void Join(IPAddress group, IPAddress localAddress)
    {
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group));
        else
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, localAddress));
    }
}
