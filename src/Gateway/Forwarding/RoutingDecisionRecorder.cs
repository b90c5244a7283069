using System.Globalization;
using Gateway.Health;
using Gateway.Routing;
using Gateway.Selection;

namespace Gateway.Forwarding;

/// <summary>
/// Turns a forwarded request's plan and attempts into a <see cref="RoutingDecision"/> for <see cref="RecentDecisions"/>:
/// the planned candidates in order (served, failed, skipped, not needed), those the plan left out (circuit open, rate
/// limited, half-open probe taken), and those filtered before planning. After the answer, once per request; nothing
/// when the ring keeps no decisions.
/// </summary>
internal sealed partial class RoutingDecisionRecorder(RecentDecisions decisions, IHealthStore health, SelectionPlanner planner, TimeProvider time)
{
    public void Record(GatewayRequest request, CandidateSet candidates, AttemptPlan? plan, ForwardingState? state)
    {
        if (!decisions.Enabled)
        {
            return;
        }

        var strategy = request.Strategy?.Name ?? planner.Strategy.Name;
        var verdicts = new List<CandidateVerdict>(candidates.Count + 2);
        for (var i = 0; i < (plan?.Count ?? 0); i++)
        {
            var name = plan!.At(i).Provider.Name;
            if (!Named(verdicts, name))
            {
                verdicts.Add(Planned(name, i + 1, strategy, request, state));
            }
        }

        foreach (var candidate in candidates.Candidates)
        {
            var name = candidate.Provider.Name;
            if (!Named(verdicts, name))
            {
                verdicts.Add(Blocked(name));
            }
        }

        Add(request, candidates, strategy, state?.ServedBy, state?.Attempts ?? 0, cacheHit: false, verdicts);
    }

    /// <summary>A request the response cache answered: no candidate was needed (each is named, with the filtered ones).</summary>
    public void RecordCacheHit(GatewayRequest request, CandidateSet candidates)
    {
        if (!decisions.Enabled)
        {
            return;
        }

        var verdicts = new List<CandidateVerdict>(candidates.Count + 2);
        foreach (var candidate in candidates.Candidates)
        {
            if (!Named(verdicts, candidate.Provider.Name))
            {
                verdicts.Add(new(candidate.Provider.Name, "not_needed", "cache hit: answered from the response cache"));
            }
        }

        Add(request, candidates, request.Strategy?.Name ?? planner.Strategy.Name, provider: null, attempts: 0, cacheHit: true, verdicts);
    }

    private void Add(GatewayRequest request, CandidateSet candidates, string strategy, string? provider, int attempts, bool cacheHit, List<CandidateVerdict> verdicts)
    {
        foreach (var (name, why) in request.Filtered ?? [])
        {
            if (!Named(verdicts, name))
            {
                verdicts.Add(new(name, "filtered", why));
            }
        }

        var context = request.Context;
        decisions.Add(new RoutingDecision(
            context.TraceIdentifier,
            time.GetUtcNow(),
            request.Envelope.Model,
            SetName(candidates.Name),
            strategy,
            request.StrategySource,
            provider,
            context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode,
            attempts,
            request.Queued,
            request.AffinityHit,
            verdicts) { CacheHit = cacheHit });
    }

    /// <summary>The set's name without the narrowing suffix a filter adds (<c>tier:smart|ChatCompletions|Text</c> is <c>tier:smart</c>).</summary>
    private static string SetName(string name) => name.Contains('|', StringComparison.Ordinal) ? NarrowedSuffix().Replace(name, "") : name;

    [System.Text.RegularExpressions.GeneratedRegex(@"\|[^ >]*")]
    private static partial System.Text.RegularExpressions.Regex NarrowedSuffix();

    private static CandidateVerdict Planned(string name, int rank, string strategy, GatewayRequest request, ForwardingState? state)
    {
        var failed = Whys(state?.Failed, name);
        if (state?.ServedBy == name)
        {
            var why = rank == 1 && request.AffinityHit ? "affinity: the conversation's last account" : ServedWhy(rank, strategy);
            return new(name, "served", failed is null ? why : $"{why}, after {failed}");
        }

        if (failed is not null)
        {
            return new(name, "failed", $"rank {rank}: {failed}");
        }

        if ((Whys(state?.Skipped, name) ?? Whys(state?.Unsupported, name)) is { } skipped)
        {
            return new(name, "skipped", $"rank {rank}: {skipped}");
        }

        return state?.ServedBy is not null
            ? new(name, "not_needed", Rank(rank))
            : new(name, "not_tried", Rank(rank));
    }

    /// <summary>A candidate the plan left out, with the reason its health gives now (what kept it out of the plan).</summary>
    private CandidateVerdict Blocked(string name)
    {
        var availability = health.GetAvailability(name);
        return availability.Reason switch
        {
            BlockReason.CircuitOpen => new(name, "circuit_open", $"open until {availability.BlockedUntil:HH:mm:ss}"),
            BlockReason.RateLimited or BlockReason.CoolingDown => new(name, "rate_limited", $"cooling down until {availability.BlockedUntil:HH:mm:ss}"),
            BlockReason.ProbeInFlight => new(name, "probe_in_flight", "half-open: another request probes it"),
            _ => new(name, "skipped", "not available when planned"),
        };
    }

    /// <summary>Whether a verdict names <paramref name="provider"/> already (a handful of candidates: a scan, no set).</summary>
    private static bool Named(List<CandidateVerdict> verdicts, string provider)
    {
        foreach (var verdict in verdicts)
        {
            if (verdict.Provider == provider)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>rank N by strategy</c>, made once per strategy for the first rank (the usual case: no string per request).</summary>
    private static string ServedWhy(int rank, string strategy) =>
        rank == 1 ? FirstRank.GetOrAdd(strategy, static s => $"rank 1 by {s}") : string.Create(CultureInfo.InvariantCulture, $"rank {rank} by {strategy}");

    /// <summary>Strategy names are a short, fixed list (the catalog's), so this stays small.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> FirstRank = new(StringComparer.Ordinal);

    /// <summary><c>rank N</c>, made once for the first ranks (most candidates are not needed: no string per request for them).</summary>
    private static string Rank(int rank) => rank < Ranks.Length ? Ranks[rank] : string.Create(CultureInfo.InvariantCulture, $"rank {rank}");

    private static readonly string[] Ranks = [.. Enumerable.Range(0, 17).Select(r => string.Create(CultureInfo.InvariantCulture, $"rank {r}"))];

    private static string? Whys(List<(string Provider, string Why)>? list, string provider)
    {
        if (list is null)
        {
            return null;
        }

        string? whys = null;
        foreach (var (name, why) in list)
        {
            if (name == provider)
            {
                whys = whys is null ? why : whys + "; " + why;
            }
        }

        return whys;
    }
}
