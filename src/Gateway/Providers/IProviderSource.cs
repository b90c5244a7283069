using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>
/// Contributes provider accounts to the routing table: the configuration today, the managed-provider store later.
/// Each source owns distinct names; a name two sources claim makes the rebuild fail and the last table stay.
/// </summary>
internal interface IProviderSource
{
    /// <summary>What the source names (<c>configuration</c>), for logs.</summary>
    string Name { get; }

    /// <summary>The providers the source contributes now, enabled or not.</summary>
    IReadOnlyList<ProviderOptions> Providers { get; }

    /// <summary>Raised (on any thread) after <see cref="Providers"/> changed; the routing table is rebuilt off the request path.</summary>
    event Action? Changed;
}
