using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>
/// The enabled providers of one routing table, each with the adapter of its type's protocol. Built with every table;
/// read it through <see cref="Routing.RoutingTableSource.Current"/>, never keep one.
/// </summary>
internal sealed class ProviderCatalog
{
    private readonly Dictionary<string, Provider> _byName;

    public ProviderCatalog(IEnumerable<ProviderOptions> providers, GatewayRegistry registry, IEnumerable<IProviderProtocol> protocols)
    {
        var byName = protocols.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var all = providers.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        Enabled = [.. all
            .Where(p => p.Enabled)
            .Select(p => registry.TryGetType(p.Type, out var type) && byName.TryGetValue(type.Protocol, out var protocol)
                ? new Provider(p, protocol.CreateAdapter(p))
                : throw new GatewayConfigurationException($"Gateway:Providers:{p.Name}:Type: no protocol registered for type '{p.Type}'"))];
        Disabled = [.. all.Where(p => !p.Enabled).Select(p => p.Name)];
        _byName = Enabled.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
    }

    public ProviderCatalog(GatewayOptions options, GatewayRegistry registry, IEnumerable<IProviderProtocol> protocols)
        : this(options.Providers, registry, protocols)
    {
    }

    /// <summary>Providers that receive traffic, in name order.</summary>
    public IReadOnlyList<Provider> Enabled { get; }

    /// <summary>Names of providers that are configured but switched off.</summary>
    public IReadOnlyList<string> Disabled { get; }

    /// <summary>An enabled provider by name (case-insensitive), or null.</summary>
    public Provider? Find(string name) => _byName.GetValueOrDefault(name);
}
