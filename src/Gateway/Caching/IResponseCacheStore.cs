namespace Gateway.Caching;

/// <summary>Where kept answers live: this replica's memory or the shared Redis. A store that fails answers a miss and drops a save.</summary>
internal interface IResponseCacheStore
{
    /// <summary>The entry under <paramref name="key"/> (a SHA-256 in hex), or null.</summary>
    ValueTask<CachedResponse?> GetAsync(string key);

    /// <summary>Keeps <paramref name="entry"/> under <paramref name="key"/> for the configured time to live.</summary>
    ValueTask SetAsync(string key, CachedResponse entry);
}
