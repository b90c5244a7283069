using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>Orders the available candidates of a set into the order they will be attempted.</summary>
internal interface ISelectionStrategy
{
    /// <summary>The strategy's name (<see cref="SelectionStrategyNames"/>).</summary>
    string Name { get; }

    /// <summary>Reorders <paramref name="items"/> in place: the first is tried first.</summary>
    void Order(CandidateSet set, Span<WeightedCandidate> items);
}
