using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>Active-probe rounds: one replica per round, the one whose <c>SET NX PX</c> of the round's key succeeds.</summary>
internal sealed partial class RedisHealthStore
{
    public async Task<bool> TryLeaseProbeRoundAsync(long round, TimeSpan ttl)
    {
        if (_redis.Database is not { } database || !_redis.IsConnected)
        {
            return true; // Redis away: every replica probes for itself rather than nobody
        }

        try
        {
            return await database.StringSetAsync(RedisKeys.ProbeRound(_options.KeyPrefix, round), _replica, ttl, When.NotExists)
                .WaitAsync(_options.Timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException or OperationCanceledException)
        {
            return true;
        }
    }
}
