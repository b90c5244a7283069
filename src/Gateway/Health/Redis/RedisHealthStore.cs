using Gateway.Configuration;
using Gateway.Providers;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>
/// Health shared by every replica through Redis. Decisions are always taken from local memory (the request
/// path never waits on Redis); in the background each replica merges its outcomes into Redis every flush
/// interval with one atomic script and adopts the merged view. Circuit openings and closings are written and
/// published at once, and a half-open provider is probed by one replica at a time (a short Redis lock).
/// If Redis is unreachable the replica keeps serving from its local state and reports itself degraded.
/// </summary>
internal sealed partial class RedisHealthStore : IHealthStore, IDisposable
{
    private readonly InMemoryHealthStore _local;
    private readonly RedisOptions _options;
    private readonly HealthOptions _health;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisHealthStore> _logger;
    private readonly string _replica = Guid.NewGuid().ToString("N")[..12];
    private readonly string _channel;
    private volatile HealthStoreStatus _status = new("redis", Degraded: true, Reason: "not connected yet");
    private readonly SharedRedis _redis;

    public RedisHealthStore(InMemoryHealthStore local, SharedRedis redis, GatewayOptions options, ILiveCatalog live, TimeProvider time, ILogger<RedisHealthStore> logger)
    {
        (_local, _redis, _options, _health, _time, _logger) = (local, redis, options.Redis, options.Health, time, logger);
        _channel = _options.KeyPrefix + "circuit";

        // Every enabled provider takes part in sharing from the start, used here yet or not.
        ReplaceProviders(live.Catalog.Enabled.Select(p => p.Name));
    }

    public HealthStoreStatus Status => _status;

    public ProviderAvailability GetAvailability(string provider) => _local.GetAvailability(provider);

    public ProviderSpeed GetSpeed(string provider) => _local.GetSpeed(provider);

    public bool TryBeginAttempt(string provider) => _local.TryBeginAttempt(provider);

    public void Record(string provider, AttemptOutcome outcome)
    {
        var (circuitChanged, grantedProbeEnded) = _local.RecordAndReport(provider, outcome);
        if (circuitChanged)
        {
            _ = PublishTransitionAsync(_local.State(provider));
        }

        if (grantedProbeEnded)
        {
            _ = ReleaseProbeAsync(provider);
        }
    }

    public IReadOnlyList<ProviderHealthSnapshot> Snapshot() => _local.Snapshot();

    private string HealthKey(string provider) => RedisKeys.Health(_options.KeyPrefix, provider);

    /// <summary>Writes and publishes a circuit transition. Fire and forget: never awaited by a request.</summary>
    private async Task PublishTransitionAsync(ProviderHealthState state)
    {
        var database = _redis.Database;
        if (database is null || !_redis.IsConnected)
        {
            return; // The next successful flush carries the circuit to the others.
        }

        CircuitState circuit;
        long openUntil, cooldown, changedAt;
        lock (state.Gate)
        {
            (circuit, openUntil, cooldown, changedAt) = (state.Circuit, state.OpenUntil.ToUnixTimeMilliseconds(), (long)state.Cooldown.TotalMilliseconds, state.CircuitChangedAt.ToUnixTimeMilliseconds());
        }

        var encoded = CircuitMessage.Encode(circuit);
        var message = CircuitMessage.Format(_replica, state.Provider, encoded, openUntil, cooldown, changedAt);
        try
        {
            await database.EvaluateInOneSlotAsync(
                RedisScripts.Transition,
                RedisKeys.ForTransition(_options.KeyPrefix, state.Provider),
                [encoded, openUntil, cooldown, changedAt, _channel, message, (_time.GetUtcNow() + ProviderHealthState.MaxClockSkew).ToUnixTimeMilliseconds()]).WaitAsync(_options.Timeout).ConfigureAwait(false);
            Log.CircuitPublished(_logger, state.Provider, encoded);
        }
        catch (Exception e) when (e is RedisException or RedisCommandException or TimeoutException or OperationCanceledException)
        {
            Log.PublishFailed(_logger, state.Provider, e.GetType().Name);
        }
    }

    /// <summary>The connection is <see cref="SharedRedis"/>'s, shared and disposed by it.</summary>
    public void Dispose() => _stopping.Dispose();
}
