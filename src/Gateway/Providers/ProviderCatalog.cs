using Gateway.Configuration;

namespace Gateway.Providers;

/// <summary>The enabled providers, built once at start-up, each with the adapter of its type's protocol.</summary>
internal sealed class ProviderCatalog
{
    public ProviderCatalog(GatewayOptions options, GatewayRegistry registry, IEnumerable<IProviderProtocol> protocols)
    {
        var byName = protocols.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Enabled = [.. options.Providers
            .Where(p => p.Enabled)
            .Select(p => registry.TryGetType(p.Type, out var type) && byName.TryGetValue(type.Protocol, out var protocol)
                ? new Provider(p, protocol.CreateAdapter(p))
                : throw new GatewayConfigurationException($"Gateway:Providers:{p.Name}:Type: no protocol registered for type '{p.Type}'"))];
        Disabled = [.. options.Providers.Where(p => !p.Enabled).Select(p => p.Name)];
    }

    /// <summary>Providers that receive traffic, in name order.</summary>
    public IReadOnlyList<Provider> Enabled { get; }

    /// <summary>Names of providers that are configured but switched off.</summary>
    public IReadOnlyList<string> Disabled { get; }

    public Provider? Find(string name)
    {
        foreach (var provider in Enabled)
        {
            if (string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return provider;
            }
        }

        return null;
    }
}
