using System.Globalization;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Redis;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using static Gateway.Store.Sql;

namespace Gateway.Store;

/// <summary>
/// The store's version as this process's one change token (<see cref="IStoreVersion"/>). It moves here at once after a
/// change made in this process: the change's caller awaits every reload (managed providers, client keys, owner limits)
/// and then every derived rebuild (the routing table) before it answers. Other replicas within a second: the new
/// version is published on Redis (<c>&lt;prefix&gt;store-version</c>) when Redis is configured, and every replica also
/// polls the store's version (<see cref="StoreOptions.PollInterval"/>, <see cref="StoreWatcher"/>) as the fallback.
/// Changes run one at a time, in the order they arrive; a version already loaded is not loaded again.
/// </summary>
internal sealed partial class StoreVersion(StoreSession session, GatewayOptions options, ILogger<StoreVersion> logger, SharedRedis? redis = null) : IStoreVersion
{
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly Lock _subscribing = new();
    private Func<CancellationToken, Task>[] _reloads = [];
    private Action[] _derived = [];
    private long _current = -1;

    /// <summary>The Redis channel of version numbers.</summary>
    public string Channel { get; } = options.Redis.KeyPrefix + "store-version";

    /// <inheritdoc/>
    public long Current => Volatile.Read(ref _current);

    /// <summary>Reads the store's version now (one small query).</summary>
    public Task<long> ReadAsync(CancellationToken cancellationToken) => session.RunAsync(async (connection, transaction) =>
    {
        using var read = Command(connection, transaction, "SELECT version FROM store_version WHERE id = 1;");
        return Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }, write: false, cancellationToken);

    /// <summary>The version read at start-up, before anything subscribed: what the start-up loads read.</summary>
    public void StartAt(long version) => Volatile.Write(ref _current, version);

    /// <inheritdoc/>
    public IDisposable OnChange(Func<CancellationToken, Task> reload)
    {
        lock (_subscribing)
        {
            _reloads = [.. _reloads, reload];
        }

        return new Subscription(() =>
        {
            lock (_subscribing)
            {
                _reloads = [.. _reloads.Where(r => r != reload)];
            }
        });
    }

    /// <inheritdoc/>
    public IDisposable AfterReloads(Action derive)
    {
        lock (_subscribing)
        {
            _derived = [.. _derived, derive];
        }

        return new Subscription(() =>
        {
            lock (_subscribing)
            {
                _derived = [.. _derived.Where(d => d != derive)];
            }
        });
    }

    /// <inheritdoc/>
    public async Task AppliedAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            await AdvanceAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayConfigurationException e)
        {
            // Written; what cannot be loaded (no configured key opens the stored secrets) is the watcher's to report.
            Log.ReloadFailed(logger, version, e.GetType().Name);
        }

        if (redis?.Multiplexer is { IsConnected: true } multiplexer)
        {
            try
            {
                await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), version.ToString(CultureInfo.InvariantCulture))
                    .WaitAsync(options.Redis.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                // Replicas still see it at their next poll.
                Log.PublishFailed(logger, e.GetType().Name);
            }
        }
    }

    /// <summary>
    /// The store is at <paramref name="version"/>: runs every reload, then every derived rebuild. <see cref="Current"/>
    /// moves only when every reload worked, so the watcher tries again at its next look. A reload's
    /// <see cref="GatewayConfigurationException"/> (the stored secrets open under no configured key) is thrown after the rest ran.
    /// </summary>
    public async Task AdvanceAsync(long version, CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (version == Current)
            {
                // Loaded meanwhile (the watcher read a change's version before its writer's run finished, or the other way round).
                return;
            }

            var (reloads, derived) = (_reloads, _derived);
            var complete = true;
            GatewayConfigurationException? configuration = null;
            foreach (var reload in reloads)
            {
                try
                {
                    await reload(cancellationToken).ConfigureAwait(false);
                }
                catch (StoreUnavailableException)
                {
                    // Logged by the session once per outage; what was loaded stays.
                    complete = false;
                }
                catch (GatewayConfigurationException e)
                {
                    (complete, configuration) = (false, configuration ?? e);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    complete = false;
                    Log.ReloadFailed(logger, version, e.GetType().Name);
                }
            }

            foreach (var derive in derived)
            {
                try
                {
                    derive();
                }
                catch (Exception e)
                {
                    // A running gateway keeps what it has (the routing table logs its own build errors).
                    Log.ReloadFailed(logger, version, e.GetType().Name);
                }
            }

            if (complete)
            {
                Volatile.Write(ref _current, version);
            }

            if (configuration is not null)
            {
                throw configuration;
            }
        }
        finally
        {
            _running.Release();
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.StoreChangePublishFailed, Level = LogLevel.Warning, Message = "Could not publish the store version on Redis ({Error}); replicas see the change at their next poll")]
        public static partial void PublishFailed(ILogger logger, string error);

        [LoggerMessage(EventId = EventIds.StoreVersionReloadFailed, Level = LogLevel.Error, Message = "Reloading after store version {Version} failed ({Error}); what was loaded stays")]
        public static partial void ReloadFailed(ILogger logger, long version, string error);
    }
}
