using System.Net;
using Gateway.Configuration;

namespace Gateway.Outbound;

/// <summary>
/// The outbound rule for providers limited to public addresses (those owners create): an address is allowed when it
/// is public (<see cref="AddressClass"/>) or inside one of <c>Gateway:Outbound:AllowedNetworks</c>. Checked on every
/// address a name resolves to: one non-public answer refuses the name.
/// </summary>
internal sealed class DestinationPolicy(GatewayOptions options)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.Outbound.AllowedNetworks;

    /// <summary>The non-public class that refuses <paramref name="address"/>, or null when it may be reached.</summary>
    public string? Refuses(IPAddress address)
    {
        var unwrapped = AddressClass.Unwrap(address);
        foreach (var network in _allowed)
        {
            if (network.BaseAddress.AddressFamily == unwrapped.AddressFamily && network.Contains(unwrapped))
            {
                return null;
            }
        }

        return AddressClass.NonPublic(unwrapped);
    }
}
