namespace Gateway.Caching;

/// <summary>One request's look in the cache: its result, the entry's key (for a miss to store under) and the entry of a hit.</summary>
internal sealed record CacheLookup(CacheResult Result, string? Key = null, CachedResponse? Entry = null)
{
    public static readonly CacheLookup Skipped = new(CacheResult.Skip);

    public static readonly CacheLookup Refused = new(CacheResult.Refused);

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
