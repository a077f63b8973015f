using System.Net;
using System.Net.Sockets;
using VmsServices.Onvif.Discovery;

namespace VmsServices.Onvif;

/// <summary>
/// Directed WS-Discovery: sends a unicast Probe for ONVIF devices (dn:NetworkVideoTransmitter) to
/// one address, usually a camera's port 3702, and collects the ProbeMatches that answer it.
/// </summary>
public sealed class WsDiscoveryClient
{
    /// <summary>The WS-Discovery port (SOAP-over-UDP, ONVIF Core §7.3).</summary>
    public const int DiscoveryPort = 3702;

    /// <summary>
    /// Probes <paramref name="target"/> and returns, after <paramref name="wait"/>, every device
    /// that answered this probe (ProbeMatches whose RelatesTo is the probe's MessageID), once per
    /// endpoint reference. Unrelated and unreadable datagrams are ignored. The Probe is repeated
    /// once after 50-250 ms (SOAP-over-UDP §3.4, UNICAST_UDP_REPEAT) in case UDP lost it.
    /// </summary>
    /// <exception cref="ArgumentException">target is a multicast or broadcast address: this probe is unicast only.</exception>
    /// <exception cref="OnvifException">Unreachable: the probe could not be sent.</exception>
    public async Task<IReadOnlyList<DiscoveredDevice>> ProbeAsync(IPEndPoint target, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsMulticastOrBroadcast(target.Address))
            throw new ArgumentException("a directed probe goes to one device: multicast and broadcast addresses are not accepted", nameof(target));
        if (wait <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(wait), wait, "the wait must be positive");

        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        return await CollectAsync(socket, target, wait, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Probes the WS-Discovery multicast group 239.255.255.250:3702 (ONVIF Core §7.3: how a site finds
    /// the cameras of its subnet) from <paramref name="localInterface"/> (any when null), with a hop limit
    /// of 1 so the probe never leaves the subnet, and returns every device that answered by unicast.
    /// </summary>
    /// <exception cref="OnvifException">Unreachable: the probe could not be sent (no multicast route).</exception>
    public async Task<IReadOnlyList<DiscoveredDevice>> ProbeMulticastAsync(TimeSpan wait, IPAddress? localInterface = null, CancellationToken ct = default)
    {
        if (wait <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(wait), wait, "the wait must be positive");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(localInterface ?? IPAddress.Any, 0));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        if (localInterface is not null)
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, localInterface.GetAddressBytes());
        return await CollectAsync(socket, new IPEndPoint(WsDiscoveryListener.Ipv4MulticastGroup, DiscoveryPort), wait, ct).ConfigureAwait(false);
    }

    /// <summary>Sends the probe (and its one repeat) and gathers the matches that relate to it until the wait ends.</summary>
    private static async Task<IReadOnlyList<DiscoveredDevice>> CollectAsync(Socket socket, IPEndPoint target, TimeSpan wait, CancellationToken ct)
    {
        string messageId = WsDiscoveryProbe.NewMessageId();
        byte[] probe = WsDiscoveryProbe.Build(messageId);
        await SendAsync(socket, probe, target, ct).ConfigureAwait(false);

        var found = new Dictionary<string, DiscoveredDevice>();
        var order = new List<string>();
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(wait);
        Task repeat = RepeatAsync(socket, probe, target, window.Token);
        try
        {
            byte[] buffer = new byte[WsDiscoveryParser.MaxMessageBytes];
            while (true)
            {
                (DiscoveryMessage message, _) = await UdpDatagrams.ReceiveMessageAsync(socket, buffer, window.Token).ConfigureAwait(false);
                if (message.Kind != DiscoveryMessageKind.ProbeMatches || !MessageIds.Same(message.RelatesTo, messageId))
                    continue;
                foreach (DiscoveredDevice device in message.Devices)
                    Add(found, order, device);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The wait is over.
        }
        finally
        {
            await repeat.ConfigureAwait(false);
        }
        return order.Select(key => found[key]).ToList();
    }

    private static void Add(Dictionary<string, DiscoveredDevice> found, List<string> order, DiscoveredDevice device)
    {
        string key = MessageIds.Normalize(device.EndpointReference);
        if (found.TryGetValue(key, out DiscoveredDevice? seen))
        {
            found[key] = seen.MergeWith(device);
            return;
        }
        found[key] = device;
        order.Add(key);
    }

    private static async Task SendAsync(Socket socket, byte[] probe, IPEndPoint target, CancellationToken ct)
    {
        try
        {
            await socket.SendToAsync(probe, SocketFlags.None, target, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new OnvifException(OnvifErrorKind.Unreachable, $"WS-Discovery probe to {target}: {e.Message}", e);
        }
    }

    private static async Task RepeatAsync(Socket socket, byte[] probe, IPEndPoint target, CancellationToken ct)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 251)), ct).ConfigureAwait(false);
            await socket.SendToAsync(probe, SocketFlags.None, target, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // The first probe went out; the repeat is only insurance.
        }
    }

    private static bool IsMulticastOrBroadcast(IPAddress address) =>
        address.Equals(IPAddress.Broadcast) || IpAddresses.IsMulticast(address);
}
