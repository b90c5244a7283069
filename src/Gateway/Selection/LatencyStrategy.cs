using Gateway.Configuration;
using Gateway.Health;
using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>
/// The fastest candidate first: the lowest recent time to first token for a stream (a provider not yet timed on a
/// stream by its latency), the lowest recent latency (time to the response headers) for a whole answer. The averages are the health
/// store's (decayed, merged across replicas where Redis is configured). A provider never measured goes first, so a
/// new one gets measured; and a share of requests (<see cref="SelectionOptions.LatencyExploration"/>) puts another,
/// randomly chosen candidate first, so one that was slow and recovered is measured again. Ties go by weight times health.
/// </summary>
internal sealed class LatencyStrategy(IHealthStore health, Random random, GatewayOptions options) : ISelectionStrategy
{
    private const double Unmeasured = -1;

    private readonly double _exploration = options.Selection.LatencyExploration;

    public string Name => SelectionStrategyNames.Latency;

    public void Order(CandidateSet set, Span<WeightedCandidate> items) => Order(set, items, default);

    public void Order(CandidateSet set, Span<WeightedCandidate> items, in SelectionRequest request)
    {
        if (items.Length < 2)
        {
            return;
        }

        Span<double> speeds = items.Length <= 64 ? stackalloc double[items.Length] : new double[items.Length];
        var candidates = set.Candidates;
        for (var i = 0; i < items.Length; i++)
        {
            var speed = health.GetSpeed(candidates[items[i].Index].Provider.Name);
            speeds[i] = (request.Stream ? speed.FirstTokenMs ?? speed.LatencyMs : speed.LatencyMs) ?? Unmeasured;
        }

        CostStrategy.SortBy(items, speeds, descending: false);
        if (speeds[0] != Unmeasured && _exploration > 0 && random.NextDouble() < _exploration)
        {
            // Explore: another candidate leads, the others keep their order behind it.
            var pick = 1 + random.Next(items.Length - 1);
            items[..(pick + 1)].Reverse();
            items[1..(pick + 1)].Reverse();
        }
    }
}
