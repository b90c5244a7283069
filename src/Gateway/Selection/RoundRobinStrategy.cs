using System.Collections.Concurrent;
using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>
/// Each request starts at the next candidate in turn. The turn is a smooth weighted round-robin over health
/// scores, so healthy providers rotate exactly and a degraded one gets its turn less often; the rest of the
/// plan follows in set order after the chosen one. Positions are kept by <see cref="CandidateSet.Key"/> (the set's
/// name and members), so a routing table swap that leaves a set as it was keeps its rotation.
/// </summary>
internal sealed class RoundRobinStrategy : ISelectionStrategy
{
    private readonly ConcurrentDictionary<string, double[]> _positions = new(StringComparer.Ordinal);

    public string Name => SelectionStrategyNames.RoundRobin;

    /// <summary>How many sets have a position (bounded by <see cref="Retain"/> after each swap).</summary>
    public int Positions => _positions.Count;

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

        var current = _positions.GetOrAdd(set.Key, static (_, count) => new double[count], set.Count);
        var first = SmoothWeighted.Next(current, scores);

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

    public void Retain(Func<string, bool> isCurrent)
    {
        foreach (var key in _positions.Keys)
        {
            if (!isCurrent(key))
            {
                _positions.TryRemove(key, out _);
            }
        }
    }
}
