using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>Primary first: lowest priority number, then highest weight times health, then set order.</summary>
internal sealed class FailoverStrategy(string name = SelectionStrategyNames.Failover) : ISelectionStrategy
{
    public string Name => name;

    public void Order(CandidateSet set, Span<WeightedCandidate> items) => items.Sort(static (a, b) =>
        a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority)
        : a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight)
        : a.Index.CompareTo(b.Index));
}
