using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Loopback ports for the servers the tests start.</summary>
internal static class Ports
{
    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// A loopback port P for a Redis Cluster node, at most 55535, such that P and its cluster bus port P + 10000
    /// are both free right now.
    /// </summary>
    public static int FreeWithBusPort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 55_536);
            if (IsFree(port) && IsFree(port + 10_000))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
