using System.Globalization;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>The background half of the store: merge every interval through the shared connection, hand out probe locks.</summary>
internal sealed partial class RedisHealthStore
{
    private DateTimeOffset _lastSharedAt;
    private bool _subscribed;
    private readonly HashSet<string> _warnedKeys = new(StringComparer.Ordinal);

    /// <summary>One merge round. Any failure leaves the replica on its local state; nothing here can throw.</summary>
    internal async Task TryFlushAsync()
    {
        try
        {
            // Null while the shared connection is still being created: the status stays "not connected yet".
            if (_redis.Multiplexer is not { } redis)
            {
                return;
            }

            if (!redis.IsConnected)
            {
                Degrade("Redis is unreachable");
                return;
            }

            if (!_subscribed)
            {
                // The multiplexer re-subscribes by itself after a reconnection.
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_channel), OnCircuitMessage).WaitAsync(_options.Timeout).ConfigureAwait(false);
                _subscribed = true;
            }

            await FlushAsync(redis.GetDatabase()).WaitAsync(_options.Timeout).ConfigureAwait(false);
            await GrantProbesAsync(redis.GetDatabase()).WaitAsync(_options.Timeout).ConfigureAwait(false);
            if (_status.Degraded)
            {
                _status = new HealthStoreStatus("redis", Degraded: false, Reason: null);
                Log.Sharing(_logger);
            }
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            Degrade($"Redis error: {e.GetType().Name}");
        }
    }

    private async Task FlushAsync(IDatabase database)
    {
        var providers = _providers;
        var states = _local.States.Where(s => providers.Contains(s.Provider)).ToArray();
        var batches = new HealthBatch[states.Length];
        var args = new RedisValue[4 + (8 * states.Length)];
        var now = _time.GetUtcNow();
        args[0] = now.ToUnixTimeMilliseconds();
        args[1] = (long)_health.HalfLife.TotalMilliseconds;
        args[2] = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        args[3] = (long)ProviderHealthState.MaxClockSkew.TotalMilliseconds;
        for (var i = 0; i < states.Length; i++)
        {
            lock (states[i].Gate)
            {
                batches[i] = states[i].TakePending();
            }

            var b = batches[i];
            var at = 4 + (i * 8);
            (args[at], args[at + 1], args[at + 2], args[at + 3]) = (Number(b.Successes), Number(b.Failures), Number(b.LatencySumMs), b.LatencyCount);
            (args[at + 4], args[at + 5], args[at + 6], args[at + 7]) = (Number(b.FirstTokenSumMs), b.FirstTokenCount, b.Requests, b.Errors);
        }

        RedisResult result;
        try
        {
            result = await database.EvaluateInOneSlotAsync(RedisScripts.Merge, RedisKeys.ForMerge(_options.KeyPrefix, [.. states.Select(s => s.Provider)]), args).ConfigureAwait(false);
        }
        catch
        {
            GiveBack(states, batches, now);
            throw;
        }

        _lastSharedAt = now;
        var rows = (RedisResult[])result!;
        for (var i = 0; i < states.Length && i < rows.Length; i++)
        {
            Adopt(states[i], (RedisResult[])rows[i]!, now);
        }

        _local.UpdateBestLatency();
    }

    /// <summary>Keeps unmerged outcomes for the next flush, unless Redis has been away longer than a half-life.</summary>
    private void GiveBack(ProviderHealthState[] states, HealthBatch[] batches, DateTimeOffset now)
    {
        var stale = _lastSharedAt != default && now - _lastSharedAt > _health.HalfLife;
        for (var i = 0; i < states.Length; i++)
        {
            lock (states[i].Gate)
            {
                if (!stale)
                {
                    states[i].ReturnPending(batches[i]);
                }

                states[i].MarkLocal();
                states[i].ProbeNeedsGrant = false;
            }
        }
    }

    private static RedisValue Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
