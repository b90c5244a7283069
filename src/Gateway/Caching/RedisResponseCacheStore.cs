using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Caching;

/// <summary>
/// The cache every replica shares: one Redis string per entry (<c>{prefix}cache:&lt;sha-256&gt;</c>), set with its time
/// to live in the same command, so Redis evicts by itself (under <c>maxmemory</c> with an LRU policy, the least recently
/// used first). One round trip to read, one to save (after the answer has gone to the client). Redis away or slow
/// (past <see cref="RedisOptions.Timeout"/>): a miss, and the save is dropped; a request never fails for the cache.
/// </summary>
internal sealed partial class RedisResponseCacheStore(SharedRedis redis, CacheOptions options, ILogger<RedisResponseCacheStore> logger) : IResponseCacheStore
{
    public const string KeyPart = "cache:";

    public async ValueTask<CachedResponse?> GetAsync(string key)
    {
        if (redis.PrefixedDatabase is not { } database)
        {
            return null;
        }

        try
        {
            var value = (byte[]?)await database.StringGetAsync(KeyPart + key).WaitAsync(redis.Timeout).ConfigureAwait(false);
            return value is null ? null : CachedResponseFormat.Decode(value);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.Unavailable(logger, e.GetType().Name);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, CachedResponse entry)
    {
        if (redis.PrefixedDatabase is not { } database)
        {
            return;
        }

        try
        {
            await database.StringSetAsync(KeyPart + key, CachedResponseFormat.Encode(entry), options.TimeToLive).WaitAsync(redis.Timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.Unavailable(logger, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CacheRedisUnavailable, Level = LogLevel.Warning, Message = "The response cache's Redis did not answer ({Error}): served as a miss, not saved")]
        public static partial void Unavailable(ILogger logger, string error);
    }
}
