using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Hosting;

/// <summary>Binds a second listener (metrics, console) to each host <see cref="MetricsAddresses.Hosts"/> chose.</summary>
internal static class ListenerHosts
{
    public static void Listen(KestrelServerOptions kestrel, IEnumerable<string> hosts, int port)
    {
        foreach (var host in hosts)
        {
            switch (host)
            {
                case MetricsAddresses.Any:
                    kestrel.ListenAnyIP(port);
                    break;
                case MetricsAddresses.Localhost:
                    kestrel.ListenLocalhost(port);
                    break;
                default:
                    kestrel.Listen(IPAddress.Parse(host), port);
                    break;
            }
        }
    }
}
