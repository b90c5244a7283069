using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>Orders the available candidates of a set into the order they will be attempted.</summary>
internal interface ISelectionStrategy
{
    /// <summary>The strategy's name (<see cref="SelectionStrategyNames"/>).</summary>
    string Name { get; }

    /// <summary>Reorders <paramref name="items"/> in place: the first is tried first.</summary>
    void Order(CandidateSet set, Span<WeightedCandidate> items);

    /// <summary>
    /// Reorders <paramref name="items"/> for one request; strategies that weigh the request (price, speed) use
    /// <paramref name="request"/>, the others order as <see cref="Order(CandidateSet, Span{WeightedCandidate})"/>.
    /// </summary>
    void Order(CandidateSet set, Span<WeightedCandidate> items, in SelectionRequest request) => Order(set, items);

    /// <summary>
    /// After a routing table swap: drops state kept for sets (by <see cref="CandidateSet.Key"/>) the new table no
    /// longer has, so state stays bounded by the sets of the live table. Stateless strategies keep nothing.
    /// </summary>
    void Retain(Func<string, bool> isCurrent)
    {
    }
}
