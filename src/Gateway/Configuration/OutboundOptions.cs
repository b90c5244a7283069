using System.Net;

namespace Gateway.Configuration;

/// <summary>
/// Where the gateway's upstream connections may go, and how deep a request may loop through the gateway itself
/// (<c>Gateway:Outbound</c>). Providers from configuration, and managed providers the admin marked
/// <c>allowPrivateNetwork</c>, may reach any address; every other managed provider (those owners create) reaches public
/// addresses only, plus <see cref="AllowedNetworks"/>. The defaults live here.
/// </summary>
public sealed record OutboundOptions
{
    /// <summary>
    /// Non-public ranges owners' providers may reach anyway (CIDR, e.g. <c>192.168.10.0/24</c> for a LAN with a shared
    /// Ollama). Default none: owners' providers reach public addresses only.
    /// </summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks { get; init; } = [];

    /// <summary>
    /// How many times a request may pass through this gateway instance (its own hop marker) before it is refused with
    /// 508. Default 2: the first pass, and one more through a chain that comes back; a loop ends at the third.
    /// </summary>
    public int MaxHops { get; init; } = 2;
}
