using System.Net;

namespace Gateway.Outbound;

/// <summary>The system's resolver (getaddrinfo: hosts file, DNS).</summary>
internal sealed class SystemHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
