using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>Random order in proportion to configured weight times health score (weights 3 and 1: 75% and 25% first).</summary>
internal sealed class WeightedStrategy(Random random) : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.Weighted;

    public void Order(CandidateSet set, Span<WeightedCandidate> items) => WeightedShuffle.Shuffle(items, random, static c => c.Weight);
}
