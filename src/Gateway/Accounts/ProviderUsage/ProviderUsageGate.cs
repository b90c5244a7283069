using System.Globalization;
using System.Runtime.CompilerServices;
using Gateway.Contracts;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Accounts.ProviderUsage;

/// <summary>
/// Leaves providers at or over their usage limit out of a request's candidates, as a switched-off provider is left
/// out (requests already sent finish). Nobody over: the set itself, after one flag read. Someone over: the set without
/// them, built once per set and change of <see cref="ProviderUsageMeter.Version"/>, named <c>NAME|usage</c> so per-set
/// state (round-robin positions) stays the set's. Everyone over: a 429 <c>usage_limit_exceeded</c> (the seed's
/// <c>USAGE_LIMIT_EXCEEDED</c> on its surface) with <c>Retry-After</c> to the next month's start.
/// </summary>
internal sealed class ProviderUsageGate(ProviderUsageMeter meter, TimeProvider time)
{
    private readonly ConditionalWeakTable<CandidateSet, Filtered> _filtered = [];

    /// <summary><paramref name="resolution"/> without the providers over their limit, or a 429 resolution when none is left.</summary>
    public Resolution Filter(Resolution resolution)
    {
        if (!meter.AnyOver || resolution.Candidates is not { } set || time.GetUtcNow() >= meter.PeriodEnd)
        {
            return resolution; // a month that ended: the next refresh starts the new one at zero
        }

        var version = meter.Version;
        if (!_filtered.TryGetValue(set, out var cached) || cached.Version != version)
        {
            cached = new Filtered(version, Without(set));
            _filtered.AddOrUpdate(set, cached);
        }

        if (cached.Set is { } kept)
        {
            return Resolution.Of(kept);
        }

        var names = string.Join(", ", set.Candidates.ToArray().Select(c => c.Provider.Name));
        return Resolution.Fail(429, "usage_limit_exceeded", $"Provider usage limit exceeded: {names} used up this month's token limit; it resets at {meter.PeriodEnd:yyyy-MM-dd} 00:00 UTC.", names);
    }

    /// <summary>Answers a 429 resolution of <see cref="Filter"/> with <c>Retry-After</c> (seconds to the month's end) in the surface's shape.</summary>
    public Task WriteAsync(HttpContext context, Resolution refused)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling((meter.PeriodEnd - time.GetUtcNow()).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return OpenAIError.WriteAsync(context, 429, refused.Message!, ErrorTypes.RateLimit, refused.Code);
    }

    private CandidateSet? Without(CandidateSet set)
    {
        if (set.Links is { } links)
        {
            var kept = links.Select(Without).OfType<CandidateSet>().ToList();
            return kept.Count == 0 ? null : kept.Count == links.Count && kept.SequenceEqual(links) ? set : CandidateSet.Chain(kept);
        }

        var candidates = set.Candidates.ToArray();
        var under = candidates.Where(c => !meter.IsOver(c.Provider.Name)).ToArray();
        return under.Length == candidates.Length ? set : under.Length == 0 ? null : new CandidateSet($"{set.Name}|usage", under);
    }

    private sealed record Filtered(long Version, CandidateSet? Set);
}
