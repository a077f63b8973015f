using System.Net;
using System.Net.Sockets;

namespace VmsServices.Onvif.Discovery;

internal static class IpAddresses
{
    /// <summary>IPv4 224.0.0.0/4 or IPv6 ff00::/8.</summary>
    public static bool IsMulticast(IPAddress address) =>
        (address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0)
        || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6Multicast);
}
