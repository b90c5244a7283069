using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>
/// Each request starts at the next candidate in turn. The turn is a smooth weighted round-robin over health
/// scores, so healthy providers rotate exactly and a degraded one gets its turn less often; the rest of the
/// plan follows in set order after the chosen one.
/// </summary>
internal sealed class RoundRobinStrategy : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.RoundRobin;

    public void Order(CandidateSet set, Span<WeightedCandidate> items)
    {
        if (items.Length < 2)
        {
            return;
        }

        Span<double> scores = set.Count <= 64 ? stackalloc double[set.Count] : new double[set.Count];
        foreach (var item in items)
        {
            scores[item.Index] = item.Score;
        }

        var first = set.NextRoundRobin(scores);

        // Rotate so the chosen candidate leads and the others keep their order after it.
        var at = 0;
        while (items[at].Index != first)
        {
            at++;
        }

        items[..at].Reverse();
        items[at..].Reverse();
        items.Reverse();
    }
}
