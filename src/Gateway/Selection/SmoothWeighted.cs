namespace Gateway.Selection;

/// <summary>
/// Smooth weighted round-robin (as in nginx): each index gains its weight, the largest is picked and loses the
/// total. Equal weights give an exact rotation; unequal weights interleave proportionally.
/// </summary>
internal static class SmoothWeighted
{
    /// <summary>
    /// Advances <paramref name="current"/> (one entry per candidate) and returns the chosen index. A weight of zero
    /// (not available) is never picked. Returns -1 when no index has weight.
    /// </summary>
    public static int Next(double[] current, ReadOnlySpan<double> weights)
    {
        lock (current)
        {
            var best = -1;
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] <= 0)
                {
                    continue;
                }

                current[i] += weights[i];
                total += weights[i];
                if (best < 0 || current[i] > current[best])
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                current[best] -= total;
            }

            return best;
        }
    }
}
