using System.Net;
using System.Net.Sockets;

namespace VmsServices.Onvif.Discovery;

/// <summary>Receiving WS-Discovery datagrams: what does not parse is dropped, never thrown.</summary>
internal static class UdpDatagrams
{
    public static async Task<(DiscoveryMessage Message, IPEndPoint Sender)> ReceiveMessageAsync(Socket socket, byte[] buffer,
        CancellationToken ct)
    {
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP port-unreachable for an earlier send (Windows reports it here) or an oversized datagram.
                continue;
            }
            catch (SocketException e)
            {
                throw new OnvifException(OnvifErrorKind.Unreachable, $"WS-Discovery receive on {socket.LocalEndPoint}: {e.Message}", e);
            }
            try
            {
                return (WsDiscoveryParser.Parse(buffer.AsMemory(0, received.ReceivedBytes)), (IPEndPoint)received.RemoteEndPoint);
            }
            catch (OnvifException)
            {
                // Garbage, or another protocol on the port: not ours to fail on.
            }
        }
    }
}
