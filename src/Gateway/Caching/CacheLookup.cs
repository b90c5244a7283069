using Gateway.Contracts;

namespace Gateway.Caching;

/// <summary>One request's look in the cache: its result, the entry's key (for a miss to store under) and the entry of a hit.</summary>
internal sealed record CacheLookup(CacheResult Result, string? Key = null, CachedResponse? Entry = null, Refusal? Refusal = null)
{
    public static readonly CacheLookup Skipped = new(CacheResult.Skip);

    /// <summary>A bad <c>x-gateway-cache</c>: the request is refused 400 (written by the dispatch pipeline, in the surface's shape).</summary>
    public static readonly CacheLookup Refused = new(CacheResult.Refused, Refusal: new Refusal(400, "invalid_cache_header", $"{CachePolicy.Header} must be on or off."));

    /// <summary>Whether the request is answered from the cache (admission then reserves nothing but the request itself).</summary>
    public bool IsHit => Result == CacheResult.Hit;

    /// <summary>The <c>x-gateway-cache</c> response header's value and the metric's <c>result</c> label.</summary>
    public static string Name(CacheResult result) => result switch
    {
        CacheResult.Hit => "hit",
        CacheResult.Miss => "miss",
        _ => "skip",
    };
}
