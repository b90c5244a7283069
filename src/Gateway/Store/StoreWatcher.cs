using System.Globalization;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Gateway.Store;

/// <summary>
/// Keeps this replica at the store's version: wakes on a Redis message naming another version, or every poll interval,
/// reads the version (one small query) and, when it moved either way, advances <see cref="StoreVersion"/> (whose
/// subscribers reload). While PostgreSQL is down it keeps trying (what was loaded stays); when it answers again, a
/// replica that started without it migrates and loads then.
/// </summary>
internal sealed partial class StoreWatcher(
    StoreVersion version, StoreMigrator migrator, GatewayOptions options, TimeProvider time, ILogger<StoreWatcher> logger, SharedRedis? redis = null)
    : BackgroundService
{
    private static readonly TimeSpan RetrySubscribe = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private bool _subscribed;

    /// <summary>Reads the store now (tests; a Redis message).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await TrySubscribeAsync().ConfigureAwait(false);
            try
            {
                if (!migrator.Migrated)
                {
                    await migrator.MigrateAsync(stoppingToken).ConfigureAwait(false);
                }

                var stored = await version.ReadAsync(stoppingToken).ConfigureAwait(false);
                if (stored != version.Current)
                {
                    await version.AdvanceAsync(stored, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (StoreUnavailableException)
            {
                // Logged by the session once per outage; what was loaded stays.
            }
            catch (GatewayConfigurationException e)
            {
                // The store came back holding secrets no configured key opens: nothing managed can be loaded.
                Log.WrongKey(logger, e.Message);
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // Until the Redis subscription is in place, look again soon: the connection is made in the background.
            var wait = redis is not null && !_subscribed && options.Store.PollInterval > RetrySubscribe ? RetrySubscribe : options.Store.PollInterval;
            var delay = Task.Delay(wait, time, poll.Token);
            try
            {
                await Task.WhenAny(delay, _wake.WaitAsync(poll.Token)).ConfigureAwait(false);
            }
            finally
            {
                await poll.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task TrySubscribeAsync()
    {
        if (_subscribed || redis?.Multiplexer is not { IsConnected: true } multiplexer)
        {
            return;
        }

        try
        {
            // The multiplexer re-subscribes by itself after a reconnection.
            await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(version.Channel), OnMessage).WaitAsync(options.Redis.Timeout).ConfigureAwait(false);
            _subscribed = true;
            Log.Subscribed(logger, version.Channel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Log.SubscribeFailed(logger, e.GetType().Name);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        // Anyone who can publish there can send anything: a message only makes this replica read the store sooner.
        if (long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var published) && published != version.Current)
        {
            Wake();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreWatchSubscribeFailed, Level = LogLevel.Warning, Message = "Could not subscribe to store changes on Redis ({Error}); replicas rely on polling meanwhile")]
        public static partial void SubscribeFailed(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.StoreWatchSubscribed, Level = LogLevel.Information, Message = "Store changes: subscribed to {Channel} on Redis; the store's version is polled as the fallback")]
        public static partial void Subscribed(ILogger logger, string channel);

        [LoggerMessage(EventId = EventIds.StoreWatchWrongKey, Level = LogLevel.Critical, Message = "Managed providers not loaded: {Message}")]
        public static partial void WrongKey(ILogger logger, string message);
    }
}
