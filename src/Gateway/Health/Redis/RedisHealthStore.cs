using System.Collections.Frozen;
using System.Globalization;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Providers;
using Gateway.Redis;
using Gateway.Telemetry;
using Microsoft.Extensions.Hosting;
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
internal sealed partial class RedisHealthStore : IHealthStore, IHostedLifecycleService, IDisposable
{
    /// <summary>A probe lock with more than this many lock TTLs left (or none) was not set by a replica: it is taken over.</summary>
    private const int StaleLockFactor = 3;

    private readonly InMemoryHealthStore _local;
    private readonly RedisOptions _options;
    private readonly HealthOptions _health;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisHealthStore> _logger;
    private readonly string _replica = Guid.NewGuid().ToString("N")[..12];
    private readonly string _channel;
    private volatile HealthStoreStatus _status = new("redis", Degraded: true, Reason: "not connected yet");
    private readonly SharedRedis _redis;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private DateTimeOffset _lastSharedAt;
    private bool _subscribed;
    private readonly HashSet<string> _warnedKeys = new(StringComparer.Ordinal);
    private volatile FrozenSet<string> _providers = FrozenSet<string>.Empty;
    private long _unknownProviderMessages;

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

    // The merge loop: started with the host, stopped after every request has drained, with a last flush.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps merging while the web server drains requests in flight.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every request has drained: stop the loop and hand the last outcomes to the other replicas.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await TryFlushAsync().ConfigureAwait(false);
        await UnsubscribeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        do
        {
            await TryFlushAsync().ConfigureAwait(false);
        }
        while (await Tick(timer, stopping).ConfigureAwait(false));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Stops listening on the channel: the connection is shared and lives on until the container disposes it.</summary>
    private async Task UnsubscribeAsync()
    {
        if (!_subscribed || _redis.Subscriber is not { } subscriber)
        {
            return;
        }

        try
        {
            await subscriber.UnsubscribeAsync(RedisChannel.Literal(_channel), OnCircuitMessage).WaitAsync(_options.Timeout).ConfigureAwait(false);
            _subscribed = false;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // The subscription ends with the connection.
        }
    }

    // The background half of the store: merge every interval through the shared connection, hand out probe locks.
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

    // Reading the merged state back, defensively: whatever is in Redis, a bad value is skipped with a warning.
    private void Adopt(ProviderHealthState state, RedisResult[] row, DateTimeOffset now)
    {
        if (row.Length == 2 && (string?)row[0] == "ERR")
        {
            WarnOnce(state.Provider, $"the key {HealthKey(state.Provider)} is not a hash ({LogText.Safe((string?)row[1], 64)})");
            return;
        }

        var values = new double[8];
        for (var i = 0; i < values.Length; i++)
        {
            if (row.Length < 13 || !double.TryParse((string?)row[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]) || values[i] < 0)
            {
                WarnOnce(state.Provider, $"field {i} of {HealthKey(state.Provider)} does not parse");
                return;
            }
        }

        if ((string?)row[12] is { } bad && bad != "0")
        {
            WarnOnce(state.Provider, $"{LogText.Safe(bad, 64)} field(s) of {HealthKey(state.Provider)} did not parse and were reset");
        }

        var shared = new SharedHealth(values[0], values[1], values[2], values[3], values[4], values[5], (long)values[6], (long)values[7]);
        var circuit = ParseCircuit(row);
        lock (state.Gate)
        {
            state.AdoptShared(shared, now);
            state.ProbeNeedsGrant = true;
            if (circuit is { } c)
            {
                state.AdoptCircuit(c.State, c.OpenUntil, c.Cooldown, c.ChangedAt, now);
            }
        }
    }

    private static (CircuitState State, DateTimeOffset OpenUntil, TimeSpan Cooldown, DateTimeOffset ChangedAt)? ParseCircuit(RedisResult[] row)
    {
        return CircuitMessage.TryDecode((string?)row[8] ?? "", out var state)
            && CircuitMessage.TryParseTimes((string?)row[9], (string?)row[10], (string?)row[11], out var openUntil, out var cooldown, out var changedAt)
            ? (state, openUntil, cooldown, changedAt)
            : null;
    }

    private void Degrade(string reason)
    {
        foreach (var state in _local.States)
        {
            lock (state.Gate)
            {
                state.MarkLocal();
                state.ProbeNeedsGrant = false;
            }
        }

        if (!_status.Degraded || _status.Reason == "not connected yet")
        {
            Log.Degraded(_logger, reason);
        }

        _status = new HealthStoreStatus("redis", Degraded: true, Reason: reason + "; serving from local state");
    }

    private void WarnOnce(string provider, string problem)
    {
        lock (_warnedKeys)
        {
            if (!_warnedKeys.Add(provider + problem))
            {
                return;
            }
        }

        // The problem quotes what Redis answered.
        Log.BadData(_logger, provider, LogText.Safe(problem, 512));
    }

    // Circuit messages from the channel. Anyone who can publish there can send anything, so only providers
    // configured here are touched: a message about any other name is counted, logged rarely, and dropped.
    /// <summary>Circuit messages dropped because they named a provider not configured here.</summary>
    public long UnknownProviderMessages => Interlocked.Read(ref _unknownProviderMessages);

    /// <summary>
    /// Sets the providers this replica shares health for (the configured, enabled ones). Only these are merged
    /// and only these may be changed by a message; a later call replaces the set (live configuration).
    /// </summary>
    public void ReplaceProviders(IEnumerable<string> names)
    {
        var providers = names.ToFrozenSet(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            _local.State(provider);
        }

        _providers = providers;
    }

    private bool IsConfigured(string provider) => _providers.Contains(provider);

    private void OnCircuitMessage(RedisChannel channel, RedisValue value)
    {
        if (!CircuitMessage.TryParse(value, out var message) || message.Replica == _replica)
        {
            return;
        }

        if (!IsConfigured(message.Provider))
        {
            // Logged at the 1st, 10th, 100th... so a flood costs a few lines, not one per message.
            var count = Interlocked.Increment(ref _unknownProviderMessages);
            if (IsPowerOfTen(count))
            {
                Log.UnknownProvider(_logger, count, Telemetry.LogText.Safe(message.Provider, 64) ?? "", Telemetry.LogText.Safe(message.Replica, 64) ?? "");
            }

            return;
        }

        var now = _time.GetUtcNow();
        if (ProviderHealthState.IsTooFarAhead(message.ChangedAt, now))
        {
            WarnOnce(message.Provider, "a circuit message dated in the future was ignored");
            return;
        }

        var state = _local.State(message.Provider);
        bool adopted;
        lock (state.Gate)
        {
            adopted = state.AdoptCircuit(message.State, message.OpenUntil, message.Cooldown, message.ChangedAt, now);
        }

        if (adopted)
        {
            Log.CircuitAdopted(_logger, message.Provider, CircuitMessage.Encode(message.State), Telemetry.LogText.Safe(message.Replica, 64) ?? "");
        }
    }

    private static bool IsPowerOfTen(long count)
    {
        while (count >= 10 && count % 10 == 0)
        {
            count /= 10;
        }

        return count == 1;
    }

    // One replica at a time probes a half-open provider: it holds a short Redis lock while it does.
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
        [LoggerMessage(EventId = EventIds.SharedHealthDegraded, Level = LogLevel.Warning, Message = "Shared health store degraded: {Reason}. Serving from local state until Redis is back.")]
        public static partial void Degraded(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.SharedHealthSharing, Level = LogLevel.Information, Message = "Sharing provider health through Redis")]
        public static partial void Sharing(ILogger logger);

        [LoggerMessage(EventId = EventIds.SharedHealthBadData, Level = LogLevel.Warning, Message = "Ignoring bad health data in Redis for {Provider}: {Problem}")]
        public static partial void BadData(ILogger logger, string provider, string problem);

        [LoggerMessage(EventId = EventIds.CircuitPublished, Level = LogLevel.Information, Message = "Circuit of {Provider} is now {State}; published to the other replicas")]
        public static partial void CircuitPublished(ILogger logger, string provider, string state);

        [LoggerMessage(EventId = EventIds.CircuitAdopted, Level = LogLevel.Information, Message = "Circuit of {Provider} is now {State}, as replica {Replica} saw")]
        public static partial void CircuitAdopted(ILogger logger, string provider, string state, string replica);

        [LoggerMessage(EventId = EventIds.CircuitPublishFailed, Level = LogLevel.Debug, Message = "Circuit transition of {Provider} not published ({Error}); the next flush carries it")]
        public static partial void PublishFailed(ILogger logger, string provider, string error);

        [LoggerMessage(EventId = EventIds.SharedHealthUnknownProvider, Level = LogLevel.Warning, Message = "Ignored {Count} circuit message(s) about providers not configured here (latest: {Provider}, from replica {Replica})")]
        public static partial void UnknownProvider(ILogger logger, long count, string provider, string replica);

        [LoggerMessage(EventId = EventIds.ProbeGranted, Level = LogLevel.Debug, Message = "This replica may probe half-open provider {Provider}")]
        public static partial void ProbeGranted(ILogger logger, string provider);

        [LoggerMessage(EventId = EventIds.StaleProbeLock, Level = LogLevel.Warning, Message = "Took over the probe lock of {Provider}: it had no expiry or more than {Factor} lock TTLs left, which no replica sets")]
        public static partial void StaleProbeLock(ILogger logger, string provider, int factor);
    }
}
