namespace Gateway.Selection;

/// <summary>
/// Weighted random order without replacement (Efraimidis and Spirakis): each item draws u^(1/w) and the
/// largest draws go first, so the first item is picked in proportion to its weight.
/// </summary>
internal static class WeightedShuffle
{
    public static void Shuffle(Span<WeightedCandidate> items, Random random, Func<WeightedCandidate, double> weight)
    {
        Span<double> keys = items.Length <= 64 ? stackalloc double[items.Length] : new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var w = Math.Max(weight(items[i]), 1e-9);
            keys[i] = Math.Pow(random.NextDouble(), 1 / w);
        }

        // Insertion sort by key, descending: candidate lists are short.
        for (var i = 1; i < items.Length; i++)
        {
            var (key, item) = (keys[i], items[i]);
            var j = i - 1;
            while (j >= 0 && keys[j] < key)
            {
                keys[j + 1] = keys[j];
                items[j + 1] = items[j];
                j--;
            }

            keys[j + 1] = key;
            items[j + 1] = item;
        }
    }
}
