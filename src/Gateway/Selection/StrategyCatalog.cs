namespace Gateway.Selection;

/// <summary>
/// Every registered strategy by name (what <c>Gateway:Rotation</c> accepts), for a request that chooses its own with
/// <see cref="Header"/>. A request can only name a registered strategy.
/// </summary>
internal sealed class StrategyCatalog(IEnumerable<ISelectionStrategy> strategies)
{
    /// <summary>The request header that picks the strategy of one request.</summary>
    public const string Header = "X-Gateway-Strategy";

    private readonly Dictionary<string, ISelectionStrategy> _byName = strategies.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered names, in order, for an error message.</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, out ISelectionStrategy strategy) => _byName.TryGetValue(name.Trim(), out strategy!);
}
