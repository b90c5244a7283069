using Gateway.Configuration;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>
/// Turns the client's model name (and an optional pinned provider) into candidates, from the live routing table.
/// Each call is one volatile read of <see cref="RoutingTableSource.Current"/>; a request that must see one table
/// throughout reads <see cref="Table"/> once.
/// </summary>
internal sealed class ModelResolver(RoutingTableSource source)
{
    /// <summary>The live table.</summary>
    public RoutingTable Table => source.Current;

    /// <inheritdoc cref="RoutingTable.ContextWindow"/>
    public int? ContextWindow(Provider provider, string model) => source.Current.ContextWindow(provider, model);

    /// <inheritdoc cref="RoutingTable.MetricLabel"/>
    public string MetricLabel(string upstreamModel) => source.Current.MetricLabel(upstreamModel);

    /// <inheritdoc cref="RoutingTable.TierOf"/>
    public ModelTier TierOf(string model) => source.Current.TierOf(model);

    /// <inheritdoc cref="RoutingTable.ListModels"/>
    public IEnumerable<(string Id, string OwnedBy)> ListModels() => source.Current.ListModels();

    /// <inheritdoc cref="RoutingTable.Resolve"/>
    public Resolution Resolve(string model, string? pinnedProvider) => source.Current.Resolve(model, pinnedProvider);
}
