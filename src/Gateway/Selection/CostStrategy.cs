using Gateway.Routing;
using Gateway.Usage;

namespace Gateway.Selection;

/// <summary>
/// The cheapest candidate first: the model's price (the price table) times the provider's cost multiplier, input and
/// output priced by the request's token estimate when admission made one, else by a fixed 1:1 token mix. Ties (and
/// models without a price, which come after every priced one) go by weight times health, then set order. Blocked
/// providers never reach a strategy, so the cheapest healthy candidate leads and a failing one loses its place.
/// </summary>
internal sealed class CostStrategy(PriceTable prices) : ISelectionStrategy
{
    public string Name => SelectionStrategyNames.Cost;

    public void Order(CandidateSet set, Span<WeightedCandidate> items) => Order(set, items, default);

    public void Order(CandidateSet set, Span<WeightedCandidate> items, in SelectionRequest request)
    {
        if (items.Length < 2)
        {
            return;
        }

        var (input, output) = request.HasEstimate ? (request.InputTokens, request.OutputTokens) : (1L, 1L);
        Span<double> costs = items.Length <= 64 ? stackalloc double[items.Length] : new double[items.Length];
        var candidates = set.Candidates;
        for (var i = 0; i < items.Length; i++)
        {
            costs[i] = CostOf(candidates[items[i].Index], request.Model, input, output);
        }

        SortBy(items, costs, descending: false);
    }

    /// <summary>The candidate's price for the request (USD per million requests of that size), or infinity when unknown.</summary>
    public double CostOf(Candidate candidate, string? clientModel, long input, long output)
    {
        var model = candidate.UpstreamModel ?? clientModel;
        if (model is null || prices.Find(model) is not { } price)
        {
            return double.PositiveInfinity;
        }

        return ((input * price.InputPerMillion) + (output * price.OutputPerMillion)) * candidate.Provider.Options.CostMultiplier;
    }

    /// <summary>Stable insertion sort of <paramref name="items"/> by <paramref name="keys"/>, ties by weight then set order.</summary>
    internal static void SortBy(Span<WeightedCandidate> items, Span<double> keys, bool descending)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var (key, item) = (keys[i], items[i]);
            var j = i - 1;
            while (j >= 0 && Before(key, item, keys[j], items[j], descending))
            {
                keys[j + 1] = keys[j];
                items[j + 1] = items[j];
                j--;
            }

            keys[j + 1] = key;
            items[j + 1] = item;
        }
    }

    private static bool Before(double key, WeightedCandidate item, double otherKey, WeightedCandidate other, bool descending)
    {
        if (key != otherKey)
        {
            return descending ? key > otherKey : key < otherKey;
        }

        return item.Weight != other.Weight ? item.Weight > other.Weight : item.Index < other.Index;
    }
}
