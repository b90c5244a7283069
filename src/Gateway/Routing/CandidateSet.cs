namespace Gateway.Routing;

/// <summary>
/// The candidates for one model name, built once and reused by every request for that name. It also holds
/// the round-robin position for these candidates, so rotation is exact within each set.
/// </summary>
internal sealed class CandidateSet(string name, Candidate[] candidates)
{
    private readonly double[] _roundRobinCurrent = new double[candidates.Length];

    /// <summary>What the set serves (<c>tier:smart</c>, <c>model:gpt-4o</c>, <c>pinned:groq</c>), for logs.</summary>
    public string Name => name;

    public ReadOnlySpan<Candidate> Candidates => candidates;

    public int Count => candidates.Length;

    /// <summary>
    /// Smooth weighted round-robin (as in nginx): each index gains its weight, the largest is picked and
    /// loses the total. Equal weights give an exact rotation; unequal weights interleave proportionally.
    /// A weight of zero (not available) is never picked. Returns -1 when no index has weight.
    /// </summary>
    public int NextRoundRobin(ReadOnlySpan<double> weights)
    {
        lock (_roundRobinCurrent)
        {
            var best = -1;
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] <= 0)
                {
                    continue;
                }

                _roundRobinCurrent[i] += weights[i];
                total += weights[i];
                if (best < 0 || _roundRobinCurrent[i] > _roundRobinCurrent[best])
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                _roundRobinCurrent[best] -= total;
            }

            return best;
        }
    }
}
