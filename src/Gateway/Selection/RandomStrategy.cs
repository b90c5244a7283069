using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>Random order, ignoring configured weights; a healthier provider is proportionally more likely first.</summary>
internal sealed class RandomStrategy(Random random) : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.Random;

    public void Order(CandidateSet set, Span<WeightedCandidate> items) => WeightedShuffle.Shuffle(items, random, static c => c.Score);
}
