using System.Net;
using System.Net.Sockets;

namespace VmsServices.TestSupport;

public static class Ports
{
    /// <summary>A loopback port free right now (the OS picks it); good enough for tests on one machine.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback UDP port free right now.</summary>
    public static int FreeUdp()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>Whether a loopback TCP port can be listened on right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports free right now (a node per port).</summary>
    public static int FreeBlock(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20000, 40000);
            if (Enumerable.Range(port, count).All(IsFree)) return port;
        }
        throw new InvalidOperationException($"No block of {count} free ports found.");
    }
}
