using System.Globalization;
using Gateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Health.Redis;

/// <summary>The background half of the store: connect, merge every interval, hand out probe locks.</summary>
internal sealed partial class RedisHealthStore : IHostedLifecycleService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private DateTimeOffset _lastSharedAt;
    private bool _subscribed;
    private readonly HashSet<string> _warnedKeys = new(StringComparer.Ordinal);

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

    /// <summary>One merge round. Any failure leaves the replica on its local state; nothing here can throw.</summary>
    internal async Task TryFlushAsync()
    {
        try
        {
            var redis = _redis ?? await ConnectAsync().ConfigureAwait(false);
            if (!redis.IsConnected)
            {
                Degrade("Redis is unreachable");
                return;
            }

            if (!_subscribed)
            {
                await redis.GetSubscriber().SubscribeAsync(_channel, OnCircuitMessage).WaitAsync(_options.Timeout).ConfigureAwait(false);
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

    /// <summary>Connects once; the multiplexer then reconnects by itself and re-subscribes after Redis restarts.</summary>
    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        // Validated at start-up. Never log the configuration: its ToString() includes the password.
        if (!RedisConnection.TryCreate(_options.ConnectionString!, _options.Timeout, out var configuration))
        {
            throw new InvalidOperationException("Gateway:Redis:ConnectionString is not valid");
        }

        configuration.ClientName = "gateway-" + _replica;
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _redis = redis;
        return redis;
    }

    private async Task FlushAsync(IDatabase database)
    {
        var providers = _providers;
        var states = _local.States.Where(s => providers.Contains(s.Provider)).ToArray();
        var batches = new HealthBatch[states.Length];
        var keys = new RedisKey[states.Length];
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

            keys[i] = HealthKey(states[i].Provider);
            var b = batches[i];
            var at = 4 + (i * 8);
            (args[at], args[at + 1], args[at + 2], args[at + 3]) = (Number(b.Successes), Number(b.Failures), Number(b.LatencySumMs), b.LatencyCount);
            (args[at + 4], args[at + 5], args[at + 6], args[at + 7]) = (Number(b.FirstTokenSumMs), b.FirstTokenCount, b.Requests, b.Errors);
        }

        RedisResult result;
        try
        {
            result = await database.ScriptEvaluateAsync(RedisScripts.Merge, keys, args).ConfigureAwait(false);
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
