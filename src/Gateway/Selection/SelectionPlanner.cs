using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Selection;

/// <summary>
/// Builds a request's attempt plan: leaves out providers whose circuit is open or that are cooling down,
/// weighs the rest by configured weight times health score, and lets the configured strategy order them.
/// </summary>
internal sealed partial class SelectionPlanner(ISelectionStrategy strategy, IHealthStore health, ILogger<SelectionPlanner> logger)
{
    private const int StackLimit = 32;

    public ISelectionStrategy Strategy => strategy;

    /// <summary>
    /// The attempt plan of one request: <paramref name="request"/> is what price and speed strategies weigh;
    /// <paramref name="chosen"/> (the request's <c>x-gateway-strategy</c>) replaces the configured strategy.
    /// </summary>
    public AttemptPlan Plan(CandidateSet set, SelectionRequest request = default, ISelectionStrategy? chosen = null)
    {
        var by = chosen ?? strategy;
        if (set.Links is not { } links)
        {
            return PlanOne(set, request, by);
        }

        return PlanChain(links, request, by);
    }

    /// <summary>
    /// A chain: each link ordered on its own (its own strategy state), every candidate of one before the next's. Its own
    /// method, so that the closure it needs is not allocated for every plain set too.
    /// </summary>
    private AttemptPlan PlanChain(IReadOnlyList<CandidateSet> links, SelectionRequest request, ISelectionStrategy by)
    {
        var plans = links.Select(link => PlanOne(link, request, by)).ToArray();
        var blocked = plans.MinBy(p => p.RetryAt)!;
        return new AttemptPlan([.. plans.SelectMany(p => p.Names.Select((_, i) => p.At(i)))], plans.Sum(p => p.Count), blocked.RetryAt, blocked.BlockedBy);
    }

    private AttemptPlan PlanOne(CandidateSet set, SelectionRequest request, ISelectionStrategy by)
    {
        var candidates = set.Candidates;
        Span<WeightedCandidate> items = candidates.Length <= StackLimit ? stackalloc WeightedCandidate[candidates.Length] : new WeightedCandidate[candidates.Length];
        var available = 0;
        var retryAt = DateTimeOffset.MaxValue;
        var blockedBy = BlockReason.None;
        for (var i = 0; i < candidates.Length; i++)
        {
            var options = candidates[i].Provider.Options;
            var state = health.GetAvailability(options.Name);
            if (state.Available)
            {
                items[available++] = new WeightedCandidate(i, state.Score, options.Weight * state.Score, options.Priority);
            }
            else if (state.BlockedUntil < retryAt)
            {
                (retryAt, blockedBy) = (state.BlockedUntil, state.Reason);
            }
        }

        items = items[..available];
        by.Order(set, items, request);
        var ordered = new Candidate[available];
        for (var i = 0; i < available; i++)
        {
            ordered[i] = candidates[items[i].Index];
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogPlan(set, by, items, ordered, candidates.Length - available);
        }

        return new AttemptPlan(ordered, available, retryAt, blockedBy);
    }

    private void LogPlan(CandidateSet set, ISelectionStrategy by, ReadOnlySpan<WeightedCandidate> items, Candidate[] ordered, int blocked)
    {
        var scored = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            scored[i] = FormattableString.Invariant($"{ordered[i].Provider.Name}(score={items[i].Score:0.###},weight={items[i].Weight:0.###})");
        }

        Log.Plan(logger, set.Name, by.Name, string.Join(" > ", scored), blocked);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SelectionPlan, Level = LogLevel.Debug, Message = "Selection for {CandidateSet} by {Strategy}: {Plan}; {Blocked} blocked (circuit open or cooling)")]
        public static partial void Plan(ILogger logger, string candidateSet, string strategy, string plan, int blocked);
    }
}
