using System.Net;

namespace Gateway.Hosting;

/// <summary>
/// Where the metrics listener binds: the hosts the API listener is bound to (so a loopback-only gateway keeps its
/// metrics on loopback), or the configured <c>Gateway:Metrics:Host</c>. Results are <c>localhost</c>, <c>*</c>
/// (every interface, IPv4 and IPv6) or an IP address, without overlaps that could not be bound together.
/// </summary>
internal static class MetricsAddresses
{
    public const string Localhost = "localhost";
    public const string Any = "*";

    public static IReadOnlyList<string> Hosts(IEnumerable<string> apiAddresses, string? configuredHost)
    {
        var hosts = configuredHost is null
            ? apiAddresses.Select(HostOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [Normalize(configuredHost)];
        if (hosts.Count == 0)
        {
            return [Localhost]; // only Unix sockets or nothing: the safe choice.
        }

        if (hosts.Contains(Any) || hosts.Contains(IPAddress.IPv6Any.ToString()))
        {
            return [Any];
        }

        if (hosts.Contains(Localhost))
        {
            hosts.RemoveAll(h => h == IPAddress.Loopback.ToString() || h == IPAddress.IPv6Loopback.ToString());
        }

        if (hosts.Contains(IPAddress.Any.ToString()))
        {
            // 0.0.0.0 covers every IPv4 address (and localhost's); IPv6 addresses stay as they are.
            var v6 = hosts.Where(h => IPAddress.TryParse(h, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6).ToList();
            if (hosts.Contains(Localhost))
            {
                v6.Add(IPAddress.IPv6Loopback.ToString());
            }

            return [IPAddress.Any.ToString(), .. v6.Distinct(StringComparer.Ordinal)];
        }

        return hosts;
    }

    /// <summary>The host part of a listening address such as <c>http://127.0.0.1:8080</c> or <c>http://[::]:8080</c>.</summary>
    private static string? HostOf(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? address : address[(schemeEnd + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        rest = slash < 0 ? rest : rest[..slash];
        var colon = rest.LastIndexOf(':');
        var host = colon > rest.LastIndexOf(']') ? rest[..colon] : rest;
        return Normalize(host);
    }

    private static string Normalize(string host)
    {
        host = host.Trim().Trim('[', ']');
        if (host is "*" or "+" || host.Length == 0)
        {
            return Any;
        }

        if (host.Equals(Localhost, StringComparison.OrdinalIgnoreCase))
        {
            return Localhost;
        }

        // Kestrel binds any other name to every interface; so does the metrics listener.
        return IPAddress.TryParse(host, out var ip) ? ip.ToString() : Any;
    }
}
