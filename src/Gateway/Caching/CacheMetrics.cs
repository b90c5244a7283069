using System.Diagnostics.Metrics;
using Gateway.Telemetry;

namespace Gateway.Caching;

/// <summary>The cache's instruments, on the gateway's meter: <c>gateway_cache_requests_total{result}</c> and <c>gateway_cache_stores_total{result}</c>.</summary>
internal sealed class CacheMetrics(GatewayMetrics metrics)
{
    /// <summary>Requests the cache was on for, by result: hit, miss, skip.</summary>
    public Counter<long> Requests { get; } = metrics.Meter.CreateCounter<long>("gateway.cache.requests", "{request}",
        "Requests the response cache was on for, by result (hit: answered from the cache; miss: forwarded; skip: not cacheable or bypassed).");

    /// <summary>Answers of misses, by what became of them: stored, or refused (error, tool call, cut stream, too large, clamped).</summary>
    public Counter<long> Stores { get; } = metrics.Meter.CreateCounter<long>("gateway.cache.stores", "{response}",
        "Answers to cache misses, by result (stored, or not_cacheable: an error, a tool call, a cut stream, a clamped or too large answer).");

    public void Count(CacheResult result) => Requests.Add(1, GatewayMetrics.Tags("result", CacheLookup.Name(result)));
}
