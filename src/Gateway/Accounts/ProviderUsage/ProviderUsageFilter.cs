using System.Runtime.CompilerServices;
using Gateway.Contracts;
using Gateway.Routing;

namespace Gateway.Accounts.ProviderUsage;

/// <summary>
/// The candidate filter that leaves providers at or over their usage limit out of a request's candidates, as a
/// switched-off provider is left out (requests already sent finish). Nobody over: the set itself, after one flag read.
/// Someone over: the set without them, built once per set and change of <see cref="ProviderUsageMeter.Version"/>,
/// named <c>NAME|usage</c> so per-set state (round-robin positions) stays the set's. Everyone over: a refusal, 429
/// <c>usage_limit_exceeded</c> (the seed's <c>USAGE_LIMIT_EXCEEDED</c> on its surface) with <c>Retry-After</c> to the
/// next month's start; the surface's writer answers it.
/// </summary>
internal sealed class ProviderUsageFilter(ProviderUsageMeter meter, TimeProvider time) : ICandidateFilter
{
    private readonly ConditionalWeakTable<CandidateSet, Filtered> _filtered = [];

    public int Order => CandidateFilterOrder.ProviderUsage;

    /// <summary><paramref name="set"/> without the providers over their limit, or a 429 refusal when none is left.</summary>
    public Resolution Apply(CandidateSet set, in CandidateQuery query)
    {
        var now = time.GetUtcNow();
        if (!meter.AnyOver || now >= meter.PeriodEnd)
        {
            return Resolution.Of(set); // a month that ended: the next refresh starts the new one at zero
        }

        var version = meter.Version;
        if (!_filtered.TryGetValue(set, out var cached) || cached.Version != version)
        {
            cached = new Filtered(version, set.Keep(static (c, m) => !m.IsOver(c.Provider.Name), meter, "usage"));
            _filtered.AddOrUpdate(set, cached);
        }

        if (cached.Set is { } kept)
        {
            return Resolution.Of(kept);
        }

        var names = string.Join(", ", set.Candidates.ToArray().Select(c => c.Provider.Name));
        return Resolution.Fail(new Refusal(429, "usage_limit_exceeded", $"Provider usage limit exceeded: {names} used up this month's token limit; it resets at {meter.PeriodEnd:yyyy-MM-dd} 00:00 UTC.")
        {
            Providers = names,
            RetryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((meter.PeriodEnd - now).TotalSeconds))),
        });
    }

    private sealed record Filtered(long Version, CandidateSet? Set);
}
