namespace Gateway.Routing;

/// <summary>
/// The live routing table, one volatile read of <see cref="RoutingTableSource.Current"/> per call. A request reads
/// <see cref="Table"/> once and keeps it: its resolution, its candidate filters and its attempts (context windows,
/// model labels) all use that one table, whatever swaps meanwhile.
/// </summary>
internal sealed class ModelResolver(RoutingTableSource source)
{
    /// <summary>The live table.</summary>
    public RoutingTable Table => source.Current;

    /// <inheritdoc cref="RoutingTable.Resolve"/>
    public Resolution Resolve(string model, string? pinnedProvider) => source.Current.Resolve(model, pinnedProvider);
}
