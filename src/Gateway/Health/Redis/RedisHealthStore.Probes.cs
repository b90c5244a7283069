using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>One replica at a time probes a half-open provider: it holds a short Redis lock while it does.</summary>
internal sealed partial class RedisHealthStore
{
    /// <summary>A probe lock with more than this many lock TTLs left (or none) was not set by a replica: it is taken over.</summary>
    private const int StaleLockFactor = 3;

    /// <summary>Asks for the probe lock of every half-open provider this replica has no grant for.</summary>
    private async Task GrantProbesAsync(IDatabase database)
    {
        var now = _time.GetUtcNow();
        foreach (var state in _local.States)
        {
            bool wanted;
            lock (state.Gate)
            {
                wanted = state.GetAvailability(now, 0).Reason == BlockReason.ProbeInFlight && !state.ProbeInFlight && state.ProbeGrantedUntil <= now;
            }

            if (!wanted)
            {
                continue;
            }

            var ttl = (long)_options.ProbeLockTtl.TotalMilliseconds;
            var taken = (int)await database.EvaluateInOneSlotAsync(RedisScripts.Acquire, RedisKeys.ForProbeLock(_options.KeyPrefix, state.Provider), [_replica, ttl, StaleLockFactor * ttl]).ConfigureAwait(false);
            if (taken > 0)
            {
                lock (state.Gate)
                {
                    state.ProbeGrantedUntil = now + _options.ProbeLockTtl;
                }

                if (taken == 2)
                {
                    Log.StaleProbeLock(_logger, state.Provider, StaleLockFactor);
                }

                Log.ProbeGranted(_logger, state.Provider);
            }
        }
    }

    private async Task ReleaseProbeAsync(string provider)
    {
        if (_redis.Database is not { } database)
        {
            return;
        }

        try
        {
            await database.EvaluateInOneSlotAsync(RedisScripts.Release, RedisKeys.ForProbeLock(_options.KeyPrefix, provider), [_replica]).WaitAsync(_options.Timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException or OperationCanceledException)
        {
            // The lock expires by itself.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ProbeGranted, Level = LogLevel.Debug, Message = "This replica may probe half-open provider {Provider}")]
        public static partial void ProbeGranted(ILogger logger, string provider);

        [LoggerMessage(EventId = EventIds.StaleProbeLock, Level = LogLevel.Warning, Message = "Took over the probe lock of {Provider}: it had no expiry or more than {Factor} lock TTLs left, which no replica sets")]
        public static partial void StaleProbeLock(ILogger logger, string provider, int factor);
    }
}
