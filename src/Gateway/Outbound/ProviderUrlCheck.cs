using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using Gateway.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gateway.Outbound;

/// <summary>
/// The outbound rule at creation, for a base URL an owner chose: no user info, query or fragment (they would let the
/// owner choose the exact URL the gateway calls, past the path it appends); a host that is, or resolves to, only
/// addresses the <see cref="DestinationPolicy"/> allows, in any spelling (<see cref="Uri"/> and the resolver read
/// <c>2130706433</c>, <c>0177.0.0.1</c>, <c>0x7f.1</c>, <c>127.1</c> and <c>[::ffff:127.0.0.1]</c> as the address
/// they are); and never one of the gateway's own listeners. A name that does not resolve now is accepted: the
/// connect-time check (<see cref="OutboundConnector"/>) judges it whenever it is used.
/// </summary>
internal sealed class ProviderUrlCheck(DestinationPolicy policy, IHostResolver resolver, GatewayOptions options, IServer server, TimeProvider time)
{
    private static readonly TimeSpan ResolveLimit = TimeSpan.FromSeconds(5);

    /// <summary>Why <paramref name="url"/> is refused ("refused by policy: ..."), or null when an owner's provider may use it.</summary>
    public async Task<string?> RefusesAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0 || url.OriginalString.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return "providerConfig.baseUrl is refused by policy: it must not carry user info, a query or a fragment";
        }

        var host = url.IdnHost.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var limit = new CancellationTokenSource(ResolveLimit, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
                addresses = await resolver.ResolveAsync(host, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ArgumentException)
            {
                return "providerConfig.baseUrl is refused by policy: its host is not a valid name";
            }
        }

        foreach (var address in addresses)
        {
            if (policy.Refuses(address) is { } kind)
            {
                return literal is null
                    ? "providerConfig.baseUrl is refused by policy: its host resolves to a non-public address"
                    : $"providerConfig.baseUrl is refused by policy: {kind} addresses cannot be reached by an owner's provider";
            }
        }

        return addresses.Any(IsOwnAddress) && OwnPorts().Contains(url.Port)
            ? "providerConfig.baseUrl is refused by policy: it points at the gateway itself"
            : null;
    }

    private HashSet<int> OwnPorts()
    {
        var ports = new HashSet<int>();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var colon = address.LastIndexOf(':');
            if (colon > 0 && int.TryParse(address.AsSpan(colon + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                ports.Add(port);
            }
        }

        foreach (var port in new[] { options.Console.Port, options.Metrics.Port })
        {
            if (port > 0)
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    private static bool IsOwnAddress(IPAddress address)
    {
        address = AddressClass.Unwrap(address);
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        try
        {
            return NetworkInterface.GetAllNetworkInterfaces().Any(n => n.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
